using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace VictimAssistance.Core.Storage;

public static class QueueMessages
{
    /// <summary>
    /// The message of a queue function, read and checked before any of its ids reaches a storage key or filter. One that
    /// is not JSON of its type, or fails <paramref name="isWellFormed"/>, throws: the host retries it and keeps it in the
    /// poison queue, where an admin can see it.
    /// </summary>
    public static T Read<T>(string messageText, JsonTypeInfo<T> typeInfo, string queueName, Func<T, bool> isWellFormed)
        where T : class
    {
        T? message;
        try
        {
            message = JsonSerializer.Deserialize(messageText, typeInfo);
        }
        catch (JsonException)
        {
            message = null;
        }

        return message is not null && isWellFormed(message) ? message : throw new FormatException($"A message of {queueName} could not be read.");
    }
}
