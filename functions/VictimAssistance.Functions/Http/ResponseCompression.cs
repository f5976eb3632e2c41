using System.IO.Compression;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.Extensions.DependencyInjection;

namespace VictimAssistance.Functions.Http;

/// <summary>
/// Compresses JSON, problem and CSV bodies with br or gzip when the client accepts one (the OpenAPI document is
/// about 186 KB). Added through a startup filter, so the worker's ASP.NET Core pipeline under the Functions host
/// and the LocalHost's both run it first. HTTPS included: the bodies carry no credentials that a cross-site
/// request could make the API echo (see docs/api.md, "Compression").
/// </summary>
public static class ResponseCompression
{
    public static readonly IReadOnlyList<string> MimeTypes = ["application/json", ApiResults.ProblemContentType, "text/csv"];

    public static IServiceCollection AddVictimAssistanceCompression(this IServiceCollection services)
    {
        services.AddResponseCompression(options =>
        {
            options.EnableForHttps = true;
            options.MimeTypes = MimeTypes;
            options.Providers.Add<BrotliCompressionProvider>();
            options.Providers.Add<GzipCompressionProvider>();
        });
        services.Configure<BrotliCompressionProviderOptions>(options => options.Level = CompressionLevel.Fastest);
        services.Configure<GzipCompressionProviderOptions>(options => options.Level = CompressionLevel.Fastest);
        services.AddTransient<IStartupFilter, CompressFirst>();
        return services;
    }

    private sealed class CompressFirst : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.UseResponseCompression();
            next(app);
        };
    }
}
