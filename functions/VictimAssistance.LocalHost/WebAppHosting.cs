using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.FileProviders;
using VictimAssistance.Core.Security;

namespace VictimAssistance.LocalHost;

/// <summary>
/// Serves the web app (web/dist, built by this project's build) at the site root, with the security headers of its
/// staticwebapp.config.json, its runtime /config.json, and the development sign-in. The API stays under its route
/// prefix. The sign-in exists only here: the Function app has no such route, so no deployment can mint tokens.
/// </summary>
public static class WebAppHosting
{
    public const string SignInPath = "/dev/sign-in";
    public const string ConfigPath = "/config.json";

    public static void Use(WebApplication app, string repositoryRoot, string routePrefix)
    {
        var dist = Path.Combine(repositoryRoot, "web", "dist");
        if (!File.Exists(Path.Combine(dist, "index.html")))
        {
            return;
        }

        var apiPrefix = new PathString("/" + routePrefix);
        var (headers, noStore) = ReadHeaders(Path.Combine(dist, "staticwebapp.config.json"));
        app.Use((context, next) =>
        {
            var path = context.Request.Path;
            if (!path.StartsWithSegments(apiPrefix))
            {
                foreach (var (name, value) in headers)
                {
                    context.Response.Headers[name] = value;
                }

                if (noStore.Contains(path.Value ?? "/"))
                {
                    context.Response.Headers.CacheControl = "no-store";
                }
            }

            return next(context);
        });

        app.Map(ConfigPath, branch => branch.Run(context => WriteJsonAsync(context, new JsonObject { ["signIn"] = "development" })));
        app.Map(SignInPath, branch => branch.Run(SignInAsync));
        var files = new PhysicalFileProvider(dist);
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        app.UseStaticFiles(new StaticFileOptions { FileProvider = files });
    }

    // The headers of staticwebapp.config.json: every one of `globalHeaders`, and the paths whose route sets
    // Cache-Control no-store (the page and its configuration, so a signed-out browser keeps nothing).
    private static (IReadOnlyList<(string Name, string Value)> Headers, IReadOnlySet<string> NoStore) ReadHeaders(string file)
    {
        var config = JsonNode.Parse(File.ReadAllText(file))!.AsObject();
        var headers = config["globalHeaders"]!.AsObject().Select(pair => (pair.Key, pair.Value!.GetValue<string>())).ToList();
        var noStore = config["routes"]!.AsArray()
            .Where(route => route!["headers"]?["Cache-Control"]?.GetValue<string>() == "no-store")
            .Select(route => route!["route"]!.GetValue<string>())
            .ToHashSet(StringComparer.Ordinal);
        return (headers, noStore);
    }

    /// <summary>POST {"role", "organization"?, "providerId"?} → {"token"}: a 12-hour development token for that user.</summary>
    private static async Task SignInAsync(HttpContext context)
    {
        if (!HttpMethods.IsPost(context.Request.Method))
        {
            context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            return;
        }

        JsonNode? body;
        try
        {
            body = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted).ConfigureAwait(false);
        }
        catch (JsonException)
        {
            body = null;
        }

        var role = Text(body, "role");
        if (role is null || !Roles.All.Contains(role))
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        var organization = role is Roles.Caseworker or Roles.Manager ? Text(body, "organization") ?? LocalHostApp.LocalOrganization : null;
        var providerId = role == Roles.Provider ? Text(body, "providerId") ?? LocalHostApp.LocalProvider : null;
        var token = LocalHostApp.DevelopmentToken(context.RequestServices, role, providerId, organization);
        if (token is null)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        context.Response.Headers.CacheControl = "no-store";
        await WriteJsonAsync(context, new JsonObject { ["token"] = token }).ConfigureAwait(false);
    }

    private static string? Text(JsonNode? body, string name) =>
        body is JsonObject json && json[name] is JsonValue value && value.TryGetValue<string>(out var text) && !string.IsNullOrWhiteSpace(text) ? text.Trim() : null;

    private static Task WriteJsonAsync(HttpContext context, JsonObject json)
    {
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(json.ToJsonString(), context.RequestAborted);
    }
}
