using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Net.Http.Headers;

namespace VictimAssistance.Functions.Http;

/// <summary>
/// Headers every response carries, whatever answered it (a function, a 304, a problem, the LocalHost's 404):
/// <c>Cache-Control: no-store</c>, since nearly every body is a survivor's data or derived from it and no proxy,
/// browser or disk cache may keep one, and <c>X-Content-Type-Options: nosniff</c>, so a body is never read as
/// anything but its declared media type. Added through a startup filter, like <see cref="ResponseCompression"/>,
/// so the worker's ASP.NET Core pipeline under the Functions host and the LocalHost's both run it.
/// </summary>
public static class ResponseHeaders
{
    public const string NoStore = "no-store";
    public const string NoSniff = "nosniff";

    public static IServiceCollection AddVictimAssistanceResponseHeaders(this IServiceCollection services) =>
        services.AddTransient<IStartupFilter, HeadersFirst>();

    private sealed class HeadersFirst : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                // Set just before the response starts, after whatever wrote it (an exception handler included) cleared or set others.
                var headers = context.Response.Headers;
                context.Response.OnStarting(() =>
                {
                    headers[HeaderNames.CacheControl] = NoStore;
                    headers[HeaderNames.XContentTypeOptions] = NoSniff;
                    return Task.CompletedTask;
                });
                return nextMiddleware(context);
            });
            next(app);
        };
    }
}
