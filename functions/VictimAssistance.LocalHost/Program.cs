using VictimAssistance.LocalHost;

WebApplication app;
try
{
    app = await LocalHostApp.BuildAsync(args).ConfigureAwait(false);
}
catch (LocalHostStartupException refused)
{
    Console.Error.WriteLine($"The LocalHost did not start: {refused.Message}");
    return 1;
}

await using (app.ConfigureAwait(false))
{
    await app.StartAsync().ConfigureAwait(false);
    Console.WriteLine();
    Console.WriteLine($"Victim Assistance API (LocalHost) listening on {string.Join(", ", LocalHostApp.ListeningAddresses(app))}");
    Console.WriteLine("Try: GET /api/health, GET /api/openapi.json. Development tokens (Authorization: Bearer <token>):");
    foreach (var (role, token) in LocalHostApp.DevelopmentTokensByRole(app.Services))
    {
        Console.WriteLine($"  {role,-10} {token}");
    }

    Console.WriteLine("Press Ctrl+C to stop.");
    await app.WaitForShutdownAsync().ConfigureAwait(false);
}

return 0;
