using VictimAssistance.LocalHost;

WebApplication app;
try
{
    app = await LocalHostApp.BuildAsync(args.Where(arg => arg != DemoSeed.Switch).ToArray()).ConfigureAwait(false);
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
    Console.WriteLine("Open the web app at that address (development sign-in), or try GET /api/health, GET /api/openapi.json.");
    Console.WriteLine("Development tokens (Authorization: Bearer <token>):");
    foreach (var (role, token) in LocalHostApp.DevelopmentTokensByRole(app.Services))
    {
        Console.WriteLine($"  {role,-10} {token}");
    }

    if (args.Contains(DemoSeed.Switch))
    {
        await DemoSeed.RunAsync(app, Console.Out).ConfigureAwait(false);
        Console.WriteLine("Seeded. The README's walk-through continues from here: referrals are being offered to the seeded providers.");
    }
    else
    {
        Console.WriteLine($"Next: stop and run again with {DemoSeed.Switch} to load the sample providers, cases and Kobo submissions (see README, Demo).");
    }

    Console.WriteLine("Press Ctrl+C to stop.");
    await app.WaitForShutdownAsync().ConfigureAwait(false);
}

return 0;
