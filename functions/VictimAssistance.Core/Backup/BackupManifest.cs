using System.Text.Json;
using System.Text.Json.Serialization;

namespace VictimAssistance.Core.Backup;

/// <summary>
/// What one backup holds, written as <c>{Folder}/manifest.json</c> after every table: a folder without it is an
/// export that did not finish. Counts only, never data.
/// </summary>
public sealed record BackupManifest(string Folder, DateTimeOffset StartedAt, DateTimeOffset FinishedAt, IReadOnlyDictionary<string, int> Entities);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = true)]
[JsonSerializable(typeof(BackupManifest))]
public sealed partial class BackupJson : JsonSerializerContext;
