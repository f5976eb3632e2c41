using System.Buffers.Text;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Azure.Data.Tables;
using VictimAssistance.Core.Validation;

namespace VictimAssistance.Core.Storage;

/// <summary>
/// The list conventions every list route shares: <c>limit</c> 1–200 (default 50) and an opaque continuation token
/// that carries the last RowKey served, checked against the shape of the list's RowKeys before it reaches a filter.
/// </summary>
public static class ListPages
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;
    private const int MaxTokenLength = 200;

    public static int ReadLimit(ValidationErrors errors, string? limit)
    {
        var value = DefaultLimit;
        if (limit is not null && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out value) || value is < 1 or > MaxLimit))
        {
            errors.Add("limit", $"must be a whole number from 1 to {MaxLimit}.");
        }

        return value;
    }

    /// <summary>The RowKey after which the next page starts; null for the first page or a token this list did not issue (an error is added).</summary>
    public static string? ReadToken(ValidationErrors errors, string? token, Regex rowKeyShape)
    {
        if (token is null)
        {
            return null;
        }

        var rowKey = Decode(token);
        if (rowKey is null || !rowKeyShape.IsMatch(rowKey))
        {
            errors.Add("continuationToken", "is not a token this list issued.");
            return null;
        }

        return rowKey;
    }

    /// <summary>The rows of one partition after the RowKey the token carried (all of them for the first page).</summary>
    public static string PartitionAfter(string partitionKey, string? afterRowKey) =>
        afterRowKey is null
            ? TableClient.CreateQueryFilter($"PartitionKey eq {partitionKey}")
            : TableClient.CreateQueryFilter($"PartitionKey eq {partitionKey} and RowKey gt {afterRowKey}");

    /// <summary>
    /// One page of at most <paramref name="limit"/> rows (only the <paramref name="select"/>ed properties when given),
    /// and the token of the next page when there is one.
    /// </summary>
    public static async Task<(List<T> Rows, string? ContinuationToken)> ReadAsync<T>(
        TableClient table, string filter, int limit, CancellationToken cancellationToken, IEnumerable<string>? select = null)
        where T : class, ITableEntity, new()
    {
        // One row more than asked tells whether another page exists.
        var rows = new List<T>(limit + 1);
        await foreach (var row in table.QueryAsync<T>(filter, maxPerPage: limit + 1, select, cancellationToken).ConfigureAwait(false))
        {
            rows.Add(row);
            if (rows.Count > limit)
            {
                break;
            }
        }

        return rows.Count > limit ? (rows[..limit], EncodeToken(rows[limit - 1].RowKey)) : (rows, null);
    }

    private static string EncodeToken(string rowKey) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(rowKey));

    private static string? Decode(string token)
    {
        if (token.Length > MaxTokenLength)
        {
            return null;
        }

        try
        {
            return Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token));
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
