using System.Reflection;
using VictimAssistance.Core.Cases;

namespace VictimAssistance.Tests.Support;

/// <summary>Every history event type the features declare (their <see cref="CaseEventType{T}"/> fields), found in the Core assembly.</summary>
public static class EventCatalog
{
    public static IReadOnlyList<string> Names { get; } = typeof(CaseEventType<>).Assembly.GetTypes()
        .SelectMany(type => type.GetFields(BindingFlags.Public | BindingFlags.Static))
        .Where(field => field.FieldType.IsGenericType && field.FieldType.GetGenericTypeDefinition() == typeof(CaseEventType<>))
        .Select(field => (string)field.FieldType.GetProperty(nameof(CaseEventType<object>.Name))!.GetValue(field.GetValue(null))!)
        .ToList();
}
