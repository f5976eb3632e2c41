using Azure;
using Azure.Data.Tables;

namespace VictimAssistance.Core.Storage;

/// <summary>The keys and metadata Table Storage gives every row; an entity adds its own properties.</summary>
public abstract class TableRow : ITableEntity
{
    public string PartitionKey { get; set; } = string.Empty;

    public string RowKey { get; set; } = string.Empty;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }
}
