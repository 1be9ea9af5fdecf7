using System.Globalization;
using Suggestions.Classification;
using Suggestions.Classification.Evaluation;
using Suggestions.Classification.Training;

namespace Suggestions.Cli;

internal static class TrainCommand
{
    public static async Task<int> RunAsync(CommandLine options)
    {
        var dataPath = options.TrainingDataPath;
        var corpus = CommandLine.ReadCorpus(dataPath);

        ICorrectionSource? corrections = null;
        if (options.Has("corrections"))
        {
            corrections = TableCorrectionSource.FromConnectionString(options.StorageConnection);
        }

        var trainingOptions = Options(options);
        Console.Error.WriteLine($"training on {corpus.Items.Count} proposals from {dataPath}");
        var result = await ModelTrainer.TrainAsync(corpus.Items, corrections, trainingOptions, Console.Error.WriteLine).ConfigureAwait(false);

        if (options.Get("calibrate-on") is { } reviewedPath)
        {
            // The confidences refitted on reviewed texts from the stream the model will serve (calibrate, in one step),
            // with --calibrate-share of each fit (default half) on the training texts' own out-of-fold scores.
            var reviewed = CommandLine.ReadCorpus(reviewedPath).Items;
            var recalibration = new RecalibrationOptions
            {
                TargetPrecision = trainingOptions.TargetPrecision,
                Now = trainingOptions.Now,
                Anchor = result.OutOfFold,
                AnchorShare = CalibrationShare(options),
                FitHints = options.Has("calibrate-hints"),
                MinimumHintPositives = options.Get("min-hint-positives") is { } minimum ? int.Parse(minimum, CultureInfo.InvariantCulture) : new RecalibrationOptions().MinimumHintPositives,
                Seed = options.Get("calibrate-seed") is { } seed ? int.Parse(seed, CultureInfo.InvariantCulture) : new RecalibrationOptions().Seed,
            };
            var trained = result.ToClassifier(DistrictDetector.ForZhuzhou());
            result = CalibrateCommand.Recalibrate(trained, reviewed, recalibration).Model;

            // --calibrate-seeds: the cross-fitted estimate for other fold assignments too (printed only; the model is the one above).
            foreach (var foldSeed in (options.Get("calibrate-seeds") ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var other = Recalibrator.Recalibrate(trained, reviewed, recalibration with { Seed = int.Parse(foldSeed, CultureInfo.InvariantCulture) });
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"fold seed {foldSeed}: cross-fitted ECE {other.CrossFitted.ExpectedCalibrationError:F4}, flagged {other.CrossFitted.Flagged / (double)other.CrossFitted.Count:P0}, unflagged right {other.CrossFitted.AccuracyUnflagged:P1}"));
            }
        }

        var output = CommandLine.ModelOutputPath(options.Require("out"), result.Version);

        result.Save(output);
        Console.WriteLine($"{result.Version} → {output} ({new FileInfo(output).Length / 1024} KiB)");
        return 0;
    }

    /// <summary>--calibrate-share: the share of a recalibration fit kept on the training texts' out-of-fold scores (default 0.5).</summary>
    private static double CalibrationShare(CommandLine options) =>
        options.Get("calibrate-share") is { } share ? double.Parse(share, CultureInfo.InvariantCulture) : new RecalibrationOptions().AnchorShare;

    /// <summary>The training options given on the command line (shared by `train` and `cv`).</summary>
    internal static TrainingOptions Options(CommandLine options)
    {
        // A list of words: comma-separated, or "none".
        IReadOnlyList<string> Terms(string name, IReadOnlyList<string> fallback) => options.Get(name) switch
        {
            null => fallback,
            "none" => [],
            var list => [.. list.Split([',', '，'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)],
        };

        double Number(string name, double fallback) =>
            options.Get(name) is { } value ? double.Parse(value, CultureInfo.InvariantCulture) : fallback;
        var defaults = new TrainingOptions();
        return new TrainingOptions
        {
            Algorithm = options.Get("algorithm") ?? defaults.Algorithm,
            Folds = (int)Number("folds", defaults.Folds),
            Regularization = options.Get("regularization")?.Split(',').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray(),
            MinDocumentFrequency = (int)Number("min-df", defaults.MinDocumentFrequency),
            NaiveBayesAlpha = Number("nb-alpha", defaults.NaiveBayesAlpha),
            NaiveBayesMix = Number("nb-mix", defaults.NaiveBayesMix),
            HintRegularization = Number("hint-regularization", defaults.HintRegularization),
            LexiconScale = Number("lexicon-scale", defaults.LexiconScale),
            AlsoShare = Number("also-share", defaults.AlsoShare),
            Seed = (int)Number("seed", defaults.Seed),
            NGramMax = (int)Number("ngram-max", defaults.NGramMax),
            TitleWeight = Number("title-weight", defaults.TitleWeight),
            LaterItemWeight = Number("later-item-weight", defaults.LaterItemWeight),
            TopicThreshold = Number("topic-threshold", defaults.TopicThreshold),
            NaiveBayesVariant = options.Get("nb-variant") ?? defaults.NaiveBayesVariant,
            ComplementAlpha = Number("cnb-alpha", defaults.ComplementAlpha),
            BlockedFolds = options.Has("blocked-folds"),
            CategoryStructure = options.Has("category-structure"),
            CategoryCues = !options.Has("no-category-cues"),
            Stacking = options.Flag("stacking", defaults.Stacking),
            BiasShiftRegularization = Number("bias-shift-regularization", defaults.BiasShiftRegularization),
            BroadLexicon = options.Get("broad-lexicon") ?? defaults.BroadLexicon,
            TermExampleWeight = Number("term-weight", defaults.TermExampleWeight),
            BroadTermMinAgreement = Number("broad-min-agreement", defaults.BroadTermMinAgreement),
            BroadTerms = options.Get("broad-lexicon-dir") is { } directory ? BroadLexicon.LoadDirectory(directory) : null,
            BroadCues = options.Flag("broad-cues", defaults.BroadCues),
            BroadCueTerms = options.Get("broad-lexicon-dir") is { } cueDirectory ? BroadLexicon.LoadCueDirectory(cueDirectory) : null,
            LongestTermMatch = options.Flag("longest-match", defaults.LongestTermMatch),
            CampaignTerms = Terms("campaign-terms", defaults.CampaignTerms),
            CampaignTermsInTraining = options.Flag("campaign-terms-in-training", defaults.CampaignTermsInTraining),
            ChannelTerms = Terms("channel-terms", defaults.ChannelTerms),
            CourtesyTerms = Terms("courtesy-terms", defaults.CourtesyTerms),
            ClosingTerms = Terms("closing-terms", defaults.ClosingTerms),
            Salutations = options.Flag("salutations", defaults.Salutations),
            ContactMask = options.Flag("contact-mask", defaults.ContactMask),
            HintEnsemble = options.Flag("hint-ensemble", defaults.HintEnsemble),
            LengthScale = options.Flag("length-scale", defaults.LengthScale),
            HiddenUnits = (int)Number("hidden-units", defaults.HiddenUnits),
            HiddenNgrams = (int)Number("hidden-ngrams", defaults.HiddenNgrams),
            HiddenEpochs = (int)Number("hidden-epochs", defaults.HiddenEpochs),
            HiddenAverageFrom = (int)Number("hidden-average-from", defaults.HiddenAverageFrom),
            NbScaledLogistic = options.Flag("nb-scaled-logistic", defaults.NbScaledLogistic),
            HiddenResidual = options.Flag("hidden-residual", defaults.HiddenResidual),
            HiddenLabelSmoothing = Number("hidden-label-smoothing", defaults.HiddenLabelSmoothing),
            HintNbScaledCodes = Terms("hint-nb-scaled-codes", defaults.HintNbScaledCodes),
            HiddenRate = Number("hidden-rate", defaults.HiddenRate),
            HiddenDropout = Number("hidden-dropout", defaults.HiddenDropout),
            HiddenInputDropout = Number("hidden-input-dropout", defaults.HiddenInputDropout),
            HiddenNgramOrder = options.Get("hidden-ngram-order") ?? defaults.HiddenNgramOrder,
            WriterFloor = Number("writer-floor", defaults.WriterFloor),
            HintThresholdResamples = (int)Number("hint-threshold-resamples", defaults.HintThresholdResamples),
            HiddenPool = options.Get("hidden-pool") ?? defaults.HiddenPool,
            HintHiddenPool = options.Get("hint-hidden-pool") ?? defaults.HintHiddenPool,
            HintHiddenRate = Number("hint-hidden-rate", defaults.HintHiddenRate),
            HintHiddenUnits = (int)Number("hint-hidden-units", defaults.HintHiddenUnits),
            HintHiddenCodes = Terms("hint-hidden-codes", defaults.HintHiddenCodes),
            IntroShare = Number("intro-share", defaults.IntroShare),
            IntroWeight = Number("intro-weight", defaults.IntroWeight),
            IntroCategoryWeight = Number("intro-category-weight", defaults.IntroCategoryWeight),
            CropShare = Number("crop-share", defaults.CropShare),
            CropWeight = Number("crop-weight", defaults.CropWeight),
            NeutralShare = Number("neutral-share", defaults.NeutralShare),
            NeutralWeight = Number("neutral-weight", defaults.NeutralWeight),
            CropMinChars = (int)Number("crop-min-chars", defaults.CropMinChars),
            CropMaxChars = (int)Number("crop-max-chars", defaults.CropMaxChars),
            HintBayesStructure = options.Flag("hint-bayes-structure", defaults.HintBayesStructure),
            Prior = options.Get("prior") ?? defaults.Prior,
            MaxFeatures = (int)Number("max-features", defaults.MaxFeatures),
        };
    }

    /// <summary>`cv`: out-of-fold figures of the category model on the training data, for design decisions.</summary>
    public static int CrossValidate(CommandLine options)
    {
        var corpus = CommandLine.ReadCorpus(options.TrainingDataPath);
        var examples = corpus.Items.Select(TrainingExample.FromCorpus).ToList();
        var c = CultureInfo.InvariantCulture;
        foreach (var (regularization, report, logLoss, answers) in ModelTrainer.CrossValidate(examples, Options(options), Console.Error.WriteLine))
        {
            if (options.Get("dump") is { } dump)
            {
                // One line per training text: id, gold, also, out-of-fold answer, confidence.
                File.WriteAllLines(dump, answers.Select(a => string.Create(c,
                    $"{a.Gold.Id}\t{a.Gold.Category}\t{string.Join(',', a.Gold.Also)}\t{a.Predicted.Category}\t{a.Predicted.Confidence:F3}")));
            }

            var other = report.Categories.FirstOrDefault(m => m.Category == CategoryCodes.Other);
            Console.WriteLine(string.Create(c,
                $"reg {regularization:G3}: strict {report.StrictAccuracy:F4} lenient {report.LenientAccuracy:F4} macro-F1 {report.MacroF1:F4} other-recall {other?.Recall ?? 0:F3} ECE {report.ExpectedCalibrationError:F4} log-loss {logLoss:F4}"));
            if (options.Has("verbose"))
            {
                Console.WriteLine(string.Join(" ", report.Categories.Select(m => string.Create(c, $"{m.Category}:{m.F1:F2}"))));
            }
        }

        return 0;
    }

    /// <summary>`holdout`: each writing batch classified by a full model trained without it (leave one writer out).</summary>
    public static int HoldOut(CommandLine options)
    {
        var batches = options.Require("batches");
        var trainingOptions = Options(options);
        var corpus = CommandLine.ReadCorpus(options.TrainingDataPath);

        var recalibrateOn = options.Get("recalibrate-on") is { } reviewed ? CommandLine.ReadCorpus(reviewed).Items : null;
        var recalibration = new RecalibrationOptions { TargetPrecision = trainingOptions.TargetPrecision, AnchorShare = CalibrationShare(options) };

        var c = CultureInfo.InvariantCulture;
        var results = BatchHoldOut.Run(corpus.Items, batches, DistrictDetector.ForZhuzhou(), trainingOptions, Console.Error.WriteLine, recalibrateOn, recalibration);
        // Per batch, no macro-F1: a batch covers only some of the areas.
        foreach (var result in results)
        {
            var r = result.Report;
            Console.WriteLine(string.Create(c,
                $"{result.Batch}: {result.Answers.Count} texts, model trained on {result.TrainingExamples}: strict {r.StrictAccuracy:F4} lenient {r.LenientAccuracy:F4} ECE {r.ExpectedCalibrationError:F4}"));
        }

        Console.WriteLine($"pooled over {results.Sum(r => r.Answers.Count)} held-out texts:");
        Console.Write(Evaluator.Evaluate([.. results.SelectMany(r => r.Answers)]).ToText());
        if (recalibrateOn is not null)
        {
            // Same weights, so the same categories: only the confidences and review flags differ.
            foreach (var (name, answers) in new[] { ("own calibration", results.SelectMany(r => r.Answers)), ($"recalibrated on {recalibrateOn.Count} texts of --recalibrate-on", results.SelectMany(r => r.RecalibratedAnswers!)) })
            {
                var r = Evaluator.Evaluate([.. answers]);
                Console.WriteLine(string.Create(c,
                    $"{name,-48} ECE {r.ExpectedCalibrationError:F4}  flagged {r.Flagged / (double)r.Count:P1} (holding {r.ErrorsFlagged} of {r.Errors} errors), unflagged right {r.AccuracyUnflagged:P1}"));
            }
        }

        return 0;
    }
}
