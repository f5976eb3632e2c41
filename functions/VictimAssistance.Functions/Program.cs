using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;
using VictimAssistance.Functions;

var builder = FunctionsApplication.CreateBuilder(args);
HostJsonSettings.AddTo(builder.Configuration);
builder.ConfigureFunctionsWebApplication();
builder.Services.AddVictimAssistance(builder.Configuration);
await builder.Build().RunAsync().ConfigureAwait(false);
