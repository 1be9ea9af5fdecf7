using System.Globalization;
using Suggestions.Classification;
using Suggestions.Classification.Training;

namespace Suggestions.Cli;

internal static class TrainCommand
{
    public static async Task<int> RunAsync(CommandLine options)
    {
        var dataPath = options.Get("data") ?? Path.Combine("data", "corpus", "train");
        var corpus = CorpusReader.Read(dataPath);
        foreach (var error in corpus.Errors)
        {
            Console.Error.WriteLine($"skipped {error}");
        }

        ICorrectionSource? corrections = null;
        if (options.Has("corrections"))
        {
            var connection = options.Get("storage")
                ?? Environment.GetEnvironmentVariable("AzureWebJobsStorage")
                ?? "UseDevelopmentStorage=true";
            corrections = TableCorrectionSource.FromConnectionString(connection);
        }

        var trainingOptions = new TrainingOptions
        {
            Algorithm = options.Get("algorithm") ?? TrainingOptions.Ensemble,
            Folds = int.Parse(options.Get("folds") ?? "5", CultureInfo.InvariantCulture),
            Regularization = options.Get("regularization")?.Split(',').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray(),
            MinDocumentFrequency = int.Parse(options.Get("min-df") ?? "3", CultureInfo.InvariantCulture),
            NaiveBayesAlpha = double.Parse(options.Get("nb-alpha") ?? "0.01", CultureInfo.InvariantCulture),
            NaiveBayesMix = double.Parse(options.Get("nb-mix") ?? "1", CultureInfo.InvariantCulture),
            HintRegularization = double.Parse(options.Get("hint-regularization") ?? "1e-4", CultureInfo.InvariantCulture),
        };
        Console.Error.WriteLine($"training on {corpus.Items.Count} proposals from {dataPath}");
        var result = await ModelTrainer.TrainAsync(corpus.Items, corrections, trainingOptions, Console.Error.WriteLine).ConfigureAwait(false);

        // A folder gets a new file named after the version, so earlier models stay available for rollback.
        var output = options.Require("out");
        if (Directory.Exists(output) || output.EndsWith('/') || output.EndsWith('\\'))
        {
            Directory.CreateDirectory(output);
            output = Path.Combine(output, result.Version + ".ngm");
        }

        result.Save(output);
        Console.WriteLine($"{result.Version} → {output} ({new FileInfo(output).Length / 1024} KiB)");
        return 0;
    }
}
