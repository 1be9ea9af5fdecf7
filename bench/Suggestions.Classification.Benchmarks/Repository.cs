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

        var found = Suggestions.Testing.RepositoryRoot.TryFind(Environment.CurrentDirectory, AppContext.BaseDirectory)
            ?? throw new InvalidOperationException("Run from inside the repository (or set SUGGESTIONS_REPO).");

        // Child processes of BenchmarkDotNet inherit this, wherever they are built.
        Environment.SetEnvironmentVariable("SUGGESTIONS_REPO", found);
        return found;
    }
}
