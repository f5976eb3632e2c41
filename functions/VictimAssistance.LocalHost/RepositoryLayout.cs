namespace VictimAssistance.LocalHost;

/// <summary>Finds the repository root (where host.json and package.json live) from the working or build folder.</summary>
public static class RepositoryLayout
{
    public static string FindRoot()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "VictimAssistance.sln"))
                    && File.Exists(Path.Combine(directory.FullName, "package.json")))
                {
                    return directory.FullName;
                }
            }
        }

        throw new InvalidOperationException("Run the LocalHost from inside the repository (VictimAssistance.sln and package.json not found).");
    }
}
