namespace Suggestions.Classification.Benchmarks;

/// <summary>Finds the repository (for the corpus) from wherever BenchmarkDotNet runs its child process.</summary>
internal static class Repository
{
    public static string Root { get; } = Find();

    public static string Corpus(string split) => Path.Combine(Root, "data", "corpus", split);

    private static string Find()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("SUGGESTIONS_REPO");
        if (fromEnvironment is not null)
        {
            return fromEnvironment;
        }

        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Suggestions.sln")))
                {
                    // Child processes of BenchmarkDotNet inherit this, wherever they are built.
                    Environment.SetEnvironmentVariable("SUGGESTIONS_REPO", dir.FullName);
                    return dir.FullName;
                }
            }
        }

        throw new InvalidOperationException("Run from inside the repository (or set SUGGESTIONS_REPO).");
    }
}
