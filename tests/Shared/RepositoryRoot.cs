namespace Suggestions.Testing;

/// <summary>
/// The folder that holds <c>Suggestions.sln</c>, found by walking up from where a test or benchmark runs: the corpus,
/// the models and the projects are read from there. One copy, linked into each test and benchmark project.
/// </summary>
internal static class RepositoryRoot
{
    /// <summary>The repository above the first of <paramref name="starts"/> that is inside one, or null.</summary>
    public static string? TryFind(params string[] starts)
    {
        foreach (var start in starts)
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "Suggestions.sln")))
                {
                    return directory.FullName;
                }
            }
        }

        return null;
    }

    /// <summary>The repository above the running assembly.</summary>
    public static string Find() =>
        TryFind(AppContext.BaseDirectory) ?? throw new DirectoryNotFoundException("Suggestions.sln not found above " + AppContext.BaseDirectory);
}
