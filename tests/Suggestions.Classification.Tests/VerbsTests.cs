using Suggestions.Classification.Training;
using Suggestions.Cli;

namespace Suggestions.Classification.Tests;

public sealed class VerbsTests
{
    private static async Task<(int Code, string Error)> Run(params string[] args)
    {
        using var error = new StringWriter();
        var code = await Verbs.RunAsync(args, error);
        return (code, error.ToString());
    }

    [Fact]
    public async Task MissingRequiredOption_OneLineAndExitCode2()
    {
        var (code, error) = await Run("holdout");

        Assert.Equal(2, code);
        Assert.Equal("error: --batches is required.", error.Trim());
    }

    [Fact]
    public async Task MissingDataFile_SaysWhichFile()
    {
        var path = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"), "dev.jsonl");

        var (code, error) = await Run("evaluate", "--data", path);

        Assert.Equal(2, code);
        Assert.StartsWith("error: ", error, StringComparison.Ordinal);
        Assert.Contains(path, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingSecondReviewFile_IsRefusedBeforeAnythingIsClassified()
    {
        var directory = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var data = Path.Combine(directory, "dev.jsonl");
        await File.WriteAllTextAsync(data, "{\"id\":\"a\",\"title\":\"\",\"text\":\"公交太少\",\"category\":\"transport\"}\n", TestContext.Current.CancellationToken);
        var missing = Path.Combine(directory, "review.jsonl");

        try
        {
            var (code, error) = await Run("evaluate", "--data", data, "--second-review", missing);

            Assert.Equal(2, code);
            Assert.Equal($"error: {missing}: no such file.", error.Trim());
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task NotANumber_IsABadCommandLine()
    {
        var (code, error) = await Run("cv", "--folds", "five");

        Assert.Equal(2, code);
        Assert.StartsWith("error: ", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownVerb_PrintsUsage()
    {
        var (code, error) = await Run("frobnicate");

        Assert.Equal(2, code);
        Assert.Contains("usage: suggestions <verb>", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MisspeltOption_IsRefusedBeforeAnyWork_NamingTheClosestOne()
    {
        // Before, an option no verb reads was ignored without a word: a training run with --calibrate-onn ran to the end
        // and wrote a model calibrated without dev. The data path does not exist: the refusal comes before it is read.
        var directory = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"));
        var missing = Path.Combine(directory, "no-corpus");

        var (code, error) = await Run("train", "--data", missing, "--out", directory + Path.DirectorySeparatorChar, "--calibrate-onn", "dev.jsonl");

        Assert.Equal(2, code);
        Assert.Equal("error: unknown option --calibrate-onn for train: did you mean --calibrate-on?", error.Trim());
        Assert.False(Directory.Exists(directory));
    }

    [Theory]
    [InlineData("classify", "model", "bogus", "error: unknown option --bogus for classify (run without arguments for the usage).")]
    [InlineData("evaluate", "data", "by-lenght", "error: unknown option --by-lenght for evaluate: did you mean --by-length?")]
    [InlineData("holdout", "data", "batch", "error: unknown option --batch for holdout: did you mean --batches?")]
    [InlineData("cv", "data", "regularisation", "error: unknown option --regularisation for cv: did you mean --regularization?")]
    public async Task OptionTheVerbDoesNotRead_IsABadCommandLine(string verb, string input, string option, string expected)
    {
        // The input the verb reads first does not exist: without the check, that (not the option) would be the error.
        var missing = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"), "missing");

        var (code, error) = await Run(verb, "--" + input, missing, "--" + option, "x");

        Assert.Equal(2, code);
        Assert.Equal(expected, error.Trim());
    }

    [Fact]
    public void EveryOptionTheCommandsRead_IsDeclared_AndEveryDeclaredOneIsRead()
    {
        // The source is the ground truth of what the commands read; CommandOptions must agree with it both ways, or a
        // working option would be refused (or a dead one accepted).
        var directory = Path.Combine(Suggestions.Testing.RepositoryRoot.Find(), "src", "Suggestions.Cli");
        var read = Directory.GetFiles(directory, "*.cs")
            .SelectMany(f => System.Text.RegularExpressions.Regex.Matches(File.ReadAllText(f), @"\b(?:Get|Has|Flag|Require|Number|Terms)\(""([a-z0-9-]+)""").Select(m => m.Groups[1].Value))
            .ToHashSet(StringComparer.Ordinal);
        var declared = CommandOptions.All.Values.SelectMany(v => v).ToHashSet(StringComparer.Ordinal);

        Assert.Contains("calibrate-on", read);
        Assert.Contains("hidden-rate", read);
        Assert.Empty(read.Except(declared).Order(StringComparer.Ordinal));
        Assert.Empty(declared.Except(read).Order(StringComparer.Ordinal));

        // The training options are learnt from TrainCommand.Options, so the three training verbs know all of them.
        IReadOnlySet<string> Options(string verb) => CommandOptions.For(verb)!;
        Assert.Contains("hidden-rate", Options("train"));
        Assert.Contains("hidden-rate", Options("cv"));
        Assert.Contains("hidden-rate", Options("holdout"));
        Assert.DoesNotContain("hidden-rate", Options("evaluate"));
    }

    /// <summary>A new temporary directory with the small model and the synthetic corpus as reviewed texts (with their hint labels).</summary>
    private static async Task<(string Directory, string Model, string Data)> ModelAndReviewedTexts()
    {
        var directory = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var model = Path.Combine(directory, "model.ngm");
        TestCorpus.SmallModel.Save(model);
        var data = Path.Combine(directory, "reviewed.jsonl");
        await File.WriteAllLinesAsync(
            data,
            TestCorpus.Build().Select(p => System.Text.Json.JsonSerializer.Serialize(new { id = p.Id, title = p.Title, text = p.Text, category = p.Category, hints = p.Hints })),
            TestContext.Current.CancellationToken);
        return (directory, model, data);
    }

    [Fact]
    public async Task Calibrate_WritesARecalibratedModelThatLoads()
    {
        var (directory, model, data) = await ModelAndReviewedTexts();
        var output = Path.Combine(directory, "out") + Path.DirectorySeparatorChar;

        try
        {
            var (code, error) = await Run("calibrate", "--data", data, "--model", model, "--out", output);

            Assert.True(code == 0, error);
            var written = Assert.Single(Directory.GetFiles(output, "*.ngm"));
            var loaded = NgramClassifier.LoadFile(written, DistrictDetector.ForZhuzhou());
            Assert.Equal(TestCorpus.SmallModel.Version, loaded.Metadata.RecalibratedFrom);
            Assert.Equal(Path.GetFileNameWithoutExtension(written), loaded.ModelVersion);
            Assert.Empty(loaded.Metadata.PriorShift);

            // --fit-prior: the reviewed texts' mix joins the model (the synthetic corpus is even, so the shift is small but there).
            var withPrior = Path.Combine(directory, "prior") + Path.DirectorySeparatorChar;
            (code, error) = await Run("calibrate", "--data", data, "--model", model, "--out", withPrior, "--fit-prior");
            Assert.True(code == 0, error);
            var prior = NgramClassifier.LoadFile(Assert.Single(Directory.GetFiles(withPrior, "*.ngm")), DistrictDetector.ForZhuzhou());
            Assert.Equal(loaded.Metadata.Categories.Count, prior.Metadata.PriorShift.Count);
            Assert.NotEqual(loaded.ModelVersion, prior.ModelVersion);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task CalibrateFitHints_FitsTheThresholdsOnAFilesHintLabels_AndIsRefusedForReviewersDecisions()
    {
        var (directory, model, data) = await ModelAndReviewedTexts();
        var output = Path.Combine(directory, "out") + Path.DirectorySeparatorChar;

        try
        {
            // Reviewers' decisions in table storage carry no hint labels: refused before storage or the model is read.
            var (refused, message) = await Run("calibrate", "--reviewed", "--fit-hints", "--out", output);
            Assert.Equal(2, refused);
            Assert.Equal("error: --fit-hints needs texts labelled with hints (--data): reviewers' decisions record categories, not hints.", message.Trim());

            var (code, error) = await Run("calibrate", "--data", data, "--model", model, "--out", output, "--fit-hints");
            Assert.True(code == 0, error);
            var loaded = NgramClassifier.LoadFile(Assert.Single(Directory.GetFiles(output, "*.ngm")), DistrictDetector.ForZhuzhou());
            Assert.Equal(1, loaded.Metadata.Training["recalibrationHintsFitted"]);
            Assert.Equal(loaded.Metadata.HintThresholds[1], loaded.Metadata.Training["hint.personal_grievance.recalibratedThreshold"]);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task CalibrateReviewed_StorageUnreachable_SaysSoWithExitCode3()
    {
        // Nothing listens on port 1: the table client's retries all fail.
        const string Unreachable = "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;TableEndpoint=http://127.0.0.1:1/devstoreaccount1;";

        var (code, error) = await Run("calibrate", "--reviewed", "--storage", Unreachable, "--out", Path.GetTempPath());

        Assert.Equal(3, code);
        Assert.StartsWith("error: table storage: ", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal); // a sentence, not a stack trace
    }

    [Fact]
    public async Task TrainCalibrateOn_WritesTheTrainedModelRecalibratedOnTheReviewedTexts()
    {
        var directory = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(directory, "train"));
        static string Line(LabeledProposal p) => System.Text.Json.JsonSerializer.Serialize(new { id = p.Id, title = p.Title, text = p.Text, category = p.Category, hints = p.Hints });
        await File.WriteAllLinesAsync(Path.Combine(directory, "train", "all.jsonl"), TestCorpus.Build().Select(Line), TestContext.Current.CancellationToken);

        // Reviewed texts that disagree with the corpus in one case of three.
        var codes = CategoryCodes.All;
        var reviewed = Path.Combine(directory, "reviewed.jsonl");
        await File.WriteAllLinesAsync(
            reviewed,
            TestCorpus.Build().Select((p, i) => i % 3 == 0 ? p with { Category = codes[(codes.ToList().IndexOf(p.Category) + 1) % codes.Count] } : p).Select(Line),
            TestContext.Current.CancellationToken);
        NgramClassifier TrainOnce(string output, params string[] more)
        {
            var (code, error) = Run(["train", "--data", Path.Combine(directory, "train"), "--calibrate-on", reviewed, "--out", output, "--regularization", "1e-3", .. more]).GetAwaiter().GetResult();
            Assert.True(code == 0, error);
            var written = Assert.Single(Directory.GetFiles(output, "*.ngm"));
            var model = NgramClassifier.LoadFile(written, DistrictDetector.ForZhuzhou());
            Assert.Equal(Path.GetFileNameWithoutExtension(written), model.ModelVersion);
            Assert.NotNull(model.Metadata.RecalibratedFrom);
            Assert.NotEqual(model.ModelVersion, model.Metadata.RecalibratedFrom);
            return model;
        }

        double MeanConfidence(NgramClassifier model) => TestCorpus.Build().Average(p => model.Classify(new ProposalText(p.Title, p.Text)).Confidence);

        try
        {
            var alone = TrainOnce(Path.Combine(directory, "alone") + Path.DirectorySeparatorChar, "--calibrate-share", "0");
            var mixed = TrainOnce(Path.Combine(directory, "mixed") + Path.DirectorySeparatorChar);

            // Fitted on texts where it is right only two times in three, the confidences are modest; by
            // default half of every fit is the training texts' own out-of-fold answers (nearly always right),
            // which pulls them up, but not to where they were.
            Assert.InRange(MeanConfidence(alone), 0.55, 0.8);
            Assert.True(MeanConfidence(mixed) > MeanConfidence(alone) + 0.05, $"{MeanConfidence(mixed)} against {MeanConfidence(alone)}");
            Assert.False(alone.Metadata.Training.ContainsKey("recalibrationAnchorTexts"));
            Assert.Equal(TestCorpus.Build().Count, mixed.Metadata.Training["recalibrationAnchorTexts"]);
            Assert.Equal(alone.Metadata.RecalibratedFrom![^8..], mixed.Metadata.RecalibratedFrom![^8..]); // the same trained weights (content hash)
            Assert.Equal(TestCorpus.SmallModel.Metadata.Hints.Count, mixed.Metadata.HintThresholds.Count);
            Assert.False(mixed.Metadata.Training.ContainsKey("recalibrationHintsFitted"));

            // --calibrate-hints: the hint thresholds too, on the reviewed texts' hint labels and the training texts' out-of-fold hint scores.
            var hints = TrainOnce(Path.Combine(directory, "hints") + Path.DirectorySeparatorChar, "--calibrate-hints");
            Assert.Equal(1, hints.Metadata.Training["recalibrationHintsFitted"]);
            Assert.Equal(TestCorpus.Build().Count, hints.Metadata.Training["recalibrationAnchorTexts"]);
            Assert.Equal(mixed.Metadata.Temperature, hints.Metadata.Temperature);
            Assert.NotEqual(mixed.ModelVersion, hints.ModelVersion);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task TrainPrior_UniformIsStoredInTheModel_AndAnUnknownOneIsRefused()
    {
        var directory = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(directory, "train"));
        static string Line(LabeledProposal p) => System.Text.Json.JsonSerializer.Serialize(new { id = p.Id, title = p.Title, text = p.Text, category = p.Category });

        // Twice as many transport texts as any other area.
        var corpus = TestCorpus.Build().Concat(TestCorpus.Build().Where(p => p.Category == CategoryCodes.Transport).Select(p => p with { Id = p.Id + "-again", Text = p.Text + "，谢谢" }));
        await File.WriteAllLinesAsync(Path.Combine(directory, "train", "all.jsonl"), corpus.Select(Line), TestContext.Current.CancellationToken);
        var output = Path.Combine(directory, "out") + Path.DirectorySeparatorChar;

        try
        {
            var (refused, message) = await Run("train", "--data", Path.Combine(directory, "train"), "--prior", "city", "--out", output);
            Assert.Equal(2, refused);
            Assert.Equal("error: Unknown prior 'city' (corpus or uniform). (Parameter 'options')", message.Trim());
            Assert.False(Directory.Exists(output));

            var (code, error) = await Run("train", "--data", Path.Combine(directory, "train"), "--prior", "uniform", "--regularization", "1e-3", "--out", output);
            Assert.True(code == 0, error);
            var model = NgramClassifier.LoadFile(Assert.Single(Directory.GetFiles(output, "*.ngm")), DistrictDetector.ForZhuzhou());
            var shift = model.Metadata.PriorShift;
            var transport = model.Metadata.Categories.ToList().IndexOf(CategoryCodes.Transport);
            var education = model.Metadata.Categories.ToList().IndexOf(CategoryCodes.Education);
            Assert.Equal(-Math.Log(2), shift[transport] - shift[education], 6);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task Calibrate_WithoutOut_IsABadCommandLine()
    {
        var (code, error) = await Run("calibrate", "--data", "data/corpus/dev");

        Assert.Equal(2, code);
        Assert.Equal("error: --out is required.", error.Trim());
    }
}
