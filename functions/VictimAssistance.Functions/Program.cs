using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;
using VictimAssistance.Functions;
using VictimAssistance.Functions.Telemetry;

var builder = FunctionsApplication.CreateBuilder(args);
HostJsonSettings.AddTo(builder.Configuration);
builder.ConfigureFunctionsWebApplication();
builder.UseMiddleware<InvocationLogScope>();
builder.Services.AddVictimAssistance(builder.Configuration);
await builder.Build().RunAsync().ConfigureAwait(false);
