using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using VictimAssistance.Functions.Telemetry;

namespace VictimAssistance.Tests.Telemetry;

/// <summary>
/// The worker's gRPC log channel attaches a log line to its invocation by reading AzureFunctions_InvocationId from
/// the scopes of the logger factory; the host drops a line without it. The middleware puts it there.
/// </summary>
public sealed class InvocationLogScopeTests
{
    [Fact]
    public async Task Every_log_line_of_the_invocation_carries_its_invocation_id_in_scope()
    {
        var channel = new ScopeReadingProvider();
        using var factory = LoggerFactory.Create(logging => logging.AddProvider(channel));
        var middleware = new InvocationLogScope(factory.CreateLogger<InvocationLogScope>());
        var appLogger = factory.CreateLogger("VictimAssistance.Core.Referrals.ReferralRouter");

        await middleware.Invoke(new InvocationOnly("3f2c9a6e-1b7d-4c0e-8a5f-2d1c9b8a7e6d"), _ =>
        {
            appLogger.LogInformation("routed");
            return Task.CompletedTask;
        });
        appLogger.LogInformation("outside");

        Assert.Equal(["3f2c9a6e-1b7d-4c0e-8a5f-2d1c9b8a7e6d", null], channel.InvocationIds);
    }

    /// <summary>Reads the invocation id of each line from the external scopes, as the worker's log channel does.</summary>
    private sealed class ScopeReadingProvider : ILoggerProvider, ISupportExternalScope, ILogger
    {
        private IExternalScopeProvider scopes = new LoggerExternalScopeProvider();

        public List<string?> InvocationIds { get; } = [];

        public void SetScopeProvider(IExternalScopeProvider scopeProvider) => scopes = scopeProvider;

        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            string? invocationId = null;
            scopes.ForEachScope(
                (scope, _) =>
                {
                    if (scope is IEnumerable<KeyValuePair<string, object>> properties
                        && properties.FirstOrDefault(pair => pair.Key == InvocationLogScope.InvocationIdKey) is { Key: not null } pair)
                    {
                        invocationId = pair.Value?.ToString();
                    }
                },
                (object?)null);
            InvocationIds.Add(invocationId);
        }

        public void Dispose()
        {
        }
    }

    private sealed class InvocationOnly(string invocationId) : FunctionContext
    {
        public override string InvocationId => invocationId;

        public override string FunctionId => throw new NotSupportedException();

        public override TraceContext TraceContext => throw new NotSupportedException();

        public override BindingContext BindingContext => throw new NotSupportedException();

        public override RetryContext RetryContext => throw new NotSupportedException();

        public override IServiceProvider InstanceServices { get; set; } = null!;

        public override FunctionDefinition FunctionDefinition => throw new NotSupportedException();

        public override IDictionary<object, object> Items { get; set; } = new Dictionary<object, object>();

        public override IInvocationFeatures Features => throw new NotSupportedException();
    }
}
