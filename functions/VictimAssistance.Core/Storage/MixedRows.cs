using System.Collections.Concurrent;
using System.Reflection;
using Azure.Data.Tables;

namespace VictimAssistance.Core.Storage;

/// <summary>
/// Rows of several entity types read by one query (as <see cref="TableEntity"/>) turned into their types, as the
/// typed query would: each settable property from the column of its name, a missing column left as constructed. A
/// column whose stored type does not fit its property throws instead of reading as a default.
/// </summary>
public static class MixedRows
{
    private static readonly ConcurrentDictionary<Type, PropertyInfo[]> Columns = new();

    public static T As<T>(TableEntity row)
        where T : class, ITableEntity, new()
    {
        var entity = new T { PartitionKey = row.PartitionKey, RowKey = row.RowKey, Timestamp = row.Timestamp, ETag = row.ETag };
        foreach (var property in Columns.GetOrAdd(typeof(T), ColumnsOf))
        {
            if (row.TryGetValue(property.Name, out var value) && value is not null)
            {
                property.SetValue(entity, value);
            }
        }

        return entity;
    }

    private static PropertyInfo[] ColumnsOf(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(property => property.CanWrite && property.GetIndexParameters().Length == 0
                && property.Name is not (nameof(ITableEntity.PartitionKey) or nameof(ITableEntity.RowKey) or nameof(ITableEntity.Timestamp) or nameof(ITableEntity.ETag)))
            .ToArray();
}
