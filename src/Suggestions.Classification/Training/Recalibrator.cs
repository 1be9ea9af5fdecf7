using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Suggestions.Classification.Evaluation;
using Suggestions.Classification.Model;

namespace Suggestions.Classification.Training;

/// <summary>Settings of <see cref="Recalibrator.Recalibrate"/>.</summary>
public sealed record RecalibrationOptions
{
    /// <summary>Unflagged answers must be right at least this often on the reviewed texts (as in training).</summary>
    public double TargetPrecision { get; init; } = 0.95;

    /// <summary>Fit the isotonic map after the temperature (off: temperature only, for very small samples).</summary>
    public bool Isotonic { get; init; } = true;

    /// <summary>Folds of the cross-fitted estimate: each fold is scored by a calibration fitted on the others.</summary>
    public int Folds { get; init; } = 5;

    /// <summary>Seed of the fold assignment of the cross-fitted estimate (vary it to see how much the estimate moves).</summary>
    public int Seed { get; init; } = 20261125;

    /// <summary>Fewer reviewed texts than this are refused: a calibration fitted on a handful says nothing.</summary>
    public int MinimumTexts { get; init; } = 50;

    /// <summary>Timestamp of the new version (tests pin it; default now).</summary>
    public DateTimeOffset? Now { get; init; }

    /// <summary>
    /// Scored texts of another stream to fit on together with the reviewed ones — the training texts'
    /// out-of-fold scores (<see cref="TrainingResult.OutOfFold"/>) — so the calibration serves both kinds of
    /// writer rather than only the reviewed one. Null: the reviewed texts alone.
    /// </summary>
    public CalibrationAnchor? Anchor { get; init; }

    /// <summary>
    /// The anchor's share of every calibration fit (0 ≤ share &lt; 1): all its texts join the fit, each weighted
    /// so that together they count <c>share / (1 − share)</c> times as much as the fit's reviewed texts.
    /// </summary>
    public double AnchorShare { get; init; } = 0.5;

    /// <summary>
    /// Also fit the category mix of the reviewed texts: one score shift per category (<see cref="Calibration.FitBiasShift"/>,
    /// on the reviewed texts only), added to the model's prior shift, before the calibration is fitted. Unlike the
    /// calibration alone this can change answers: a city whose messages hold more <c>other</c> than the training corpus
    /// gets more <c>other</c> answers.
    /// </summary>
    public bool FitPrior { get; init; }

    /// <summary>
    /// Also choose each learned hint's threshold again: the best F1 on the reviewed texts' hint labels (with the anchor's
    /// out-of-fold hint probabilities at its share, when it has them). Needs reviewed texts labelled with hints (a corpus
    /// file; reviewers' decisions in table storage record categories only). Changes which hints fire, never a category.
    /// </summary>
    public bool FitHints { get; init; }

    /// <summary>
    /// With <see cref="FitHints"/>, a hint whose reviewed texts in a fit hold fewer positive examples than this keeps its
    /// trained threshold: the F1-best cut of a handful of examples is mostly luck (measured: docs/classifier.md, "Twelfth session").
    /// </summary>
    public int MinimumHintPositives { get; init; } = 30;

    /// <summary>L2 penalty on the fitted shifts (on the mean log-loss), so a category with few reviewed texts moves little.</summary>
    public double PriorRegularization { get; init; } = 0.01;

    /// <summary>The anchor the fits use: none when it is absent or empty, or when the share is 0.</summary>
    internal CalibrationAnchor? ActiveAnchor => AnchorShare > 0 && Anchor is { Labels.Count: > 0 } anchor ? anchor : null;

    /// <summary>
    /// The weight of each anchor text (per unit of its own weight) in a fit on <paramref name="reviewedCount"/> reviewed texts
    /// of weight 1, when the anchor's texts weigh <paramref name="anchorTotal"/> together: so that they have the anchor's share.
    /// </summary>
    internal double AnchorWeightEach(int reviewedCount, double anchorTotal) => reviewedCount * AnchorShare / (1 - AnchorShare) / anchorTotal;

    /// <summary>Whether a hint with this many positive reviewed texts in a fit gets its threshold refitted (<see cref="MinimumHintPositives"/>).</summary>
    public bool RefitsHint(int positives) => positives >= Math.Max(1, MinimumHintPositives);
}

/// <summary>
/// Category scores before calibration (in the model's category order) and the right category of each text, and how
/// much each text counts relative to the others (null: the same; a model trained with a prior other than its corpus's
/// mix weights its training texts to that mix).
/// </summary>
public sealed record CalibrationAnchor(IReadOnlyList<double[]> Logits, IReadOnlyList<int> Labels, IReadOnlyList<double>? Weights = null)
{
    /// <summary>
    /// Per learned hint, the training texts' out-of-fold hint probabilities and labels (the texts with hint labels
    /// only), for <see cref="RecalibrationOptions.FitHints"/>; empty when the anchor has none.
    /// </summary>
    public IReadOnlyList<HintAnchor> Hints { get; init; } = [];
}

/// <summary>One learned hint's probabilities (stacked, as at run time) on texts the hint model did not see, and their labels (1: the hint applies).</summary>
public sealed record HintAnchor(string Hint, IReadOnlyList<double> Probabilities, IReadOnlyList<int> Labels);

/// <summary>What <see cref="Recalibrator.Recalibrate"/> produced and how it measured it.</summary>
/// <param name="Model">The recalibrated model: the same weights, a new calibration and review threshold, a new version.</param>
/// <param name="Before">The model's own answers on the reviewed texts (its calibration came from its training data).</param>
/// <param name="CrossFitted">Each text scored by a calibration fitted on the other folds only: the honest estimate of what
/// the recalibrated model does on texts like these that it has not been calibrated on.</param>
/// <param name="InSample">The recalibrated model on the texts it was calibrated on (optimistic; for comparison only).</param>
public sealed record RecalibrationResult(
    TrainingResult Model,
    EvaluationReport Before,
    EvaluationReport CrossFitted,
    EvaluationReport InSample);

/// <summary>
/// Refits a trained model's calibration — softmax temperature, isotonic map, review threshold — on texts
/// whose right category is known (a reviewed sample of the city's own messages), without touching its
/// weights: the categories it answers stay the same, only the confidences and the <c>needsReview</c>
/// flags change. A model calibrated on its training corpus is over-confident on writers who write unlike
/// that corpus; this is how a deployment fixes that with its own reviewed messages. With
/// <see cref="RecalibrationOptions.FitPrior"/> it also fits their category mix, and then answers can change.
/// </summary>
public static class Recalibrator
{
    public static RecalibrationResult Recalibrate(NgramClassifier classifier, IReadOnlyList<LabeledProposal> reviewed, RecalibrationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(classifier);
        ArgumentNullException.ThrowIfNull(reviewed);
        options ??= new RecalibrationOptions();
        if (reviewed.Count < options.MinimumTexts)
        {
            throw new ArgumentException($"Recalibration needs at least {options.MinimumTexts} reviewed texts; got {reviewed.Count}.", nameof(reviewed));
        }

        if (options.Folds < 2 || options.Folds > reviewed.Count)
        {
            throw new ArgumentException($"Folds must be between 2 and the number of texts ({reviewed.Count}); got {options.Folds}.", nameof(options));
        }

        if (options.Anchor is not null && options.AnchorShare is < 0 or >= 1)
        {
            throw new ArgumentException($"The anchor's share must be at least 0 and below 1; got {options.AnchorShare}.", nameof(options));
        }

        var metadata = classifier.Metadata;
        var categoryIndex = metadata.Categories.Select((c, i) => (c, i)).ToDictionary(x => x.c, x => x.i, StringComparer.Ordinal);
        var labels = new int[reviewed.Count];
        var logits = new double[reviewed.Count][];
        var hintProbabilities = new double[reviewed.Count][];
        var answers = new ClassificationResult[reviewed.Count];
        for (var i = 0; i < reviewed.Count; i++)
        {
            var item = reviewed[i];
            labels[i] = categoryIndex.TryGetValue(item.Category, out var label)
                ? label
                : throw new ArgumentException($"{item.Id}: category '{item.Category}' is not one of the model's.", nameof(reviewed));
            var text = new ProposalText(item.Title, item.Text);
            logits[i] = new double[categoryIndex.Count];
            hintProbabilities[i] = new double[metadata.Hints.Count];
            answers[i] = classifier.Classify(text, logits[i], hintProbabilities[i]);
        }

        if (options.FitHints && !reviewed.Any(r => r.Hints.Any(metadata.Hints.Contains)))
        {
            throw new ArgumentException($"Fitting the hint thresholds needs reviewed texts labelled with hints; none of the {reviewed.Count} texts carries one.", nameof(reviewed));
        }

        HintFit FitHintsOn(int[] rows) => options.FitHints ? FitHintThresholds(metadata, reviewed, hintProbabilities, rows, options) : new HintFit(metadata.HintThresholds);

        // The honest estimate: every text scored by a calibration and threshold fitted without it.
        var crossFitted = new ClassificationResult[reviewed.Count];
        var folds = StratifiedFolds(labels, options.Folds, options.Seed);
        for (var f = 0; f < options.Folds; f++)
        {
            var others = Enumerable.Range(0, reviewed.Count).Where(i => folds[i] != f).ToArray();
            var (foldMap, foldThreshold, foldShift) = Fit([.. others.Select(i => logits[i])], [.. others.Select(i => labels[i])], options);
            var foldHints = FitHintsOn(others);
            for (var i = 0; i < reviewed.Count; i++)
            {
                if (folds[i] == f)
                {
                    crossFitted[i] = foldHints.Apply(Recalibrated(answers[i], Shifted(logits[i], foldShift), foldMap, foldThreshold, metadata.Categories, categoryIndex, foldShift is not null), metadata.Hints, hintProbabilities[i]);
                }
            }
        }

        var (map, threshold, shift) = Fit(logits, labels, options);
        var hintFit = FitHintsOn([.. Enumerable.Range(0, reviewed.Count)]);
        var inSample = answers.Select((a, i) => hintFit.Apply(Recalibrated(a, Shifted(logits[i], shift), map, threshold, metadata.Categories, categoryIndex, shift is not null), metadata.Hints, hintProbabilities[i])).ToArray();

        var before = Evaluator.Evaluate([.. reviewed.Zip(answers)]);
        var estimate = Evaluator.Evaluate([.. reviewed.Zip(crossFitted)]);
        var fitted = Evaluator.Evaluate([.. reviewed.Zip(inSample)]);

        var now = options.Now ?? DateTimeOffset.UtcNow;
        var training = new Dictionary<string, double>(metadata.Training, StringComparer.Ordinal)
        {
            ["recalibrationTexts"] = reviewed.Count,
            ["recalibrationAccuracy"] = before.StrictAccuracy,
            ["recalibrationEceBefore"] = before.ExpectedCalibrationError,
            ["recalibrationEceCrossFitted"] = estimate.ExpectedCalibrationError,
            ["recalibrationFlaggedShare"] = fitted.Flagged / (double)fitted.Count,
        };
        if (options.ActiveAnchor is { } anchor)
        {
            training["recalibrationAnchorTexts"] = anchor.Labels.Count;
            training["recalibrationAnchorShare"] = options.AnchorShare;
        }

        // The new shift joins the one the model had (its scores above already include that one).
        IReadOnlyList<double> priorShift = metadata.PriorShift;
        if (shift is not null)
        {
            priorShift = metadata.PriorShift.Count == 0 ? shift : [.. shift.Select((x, c) => x + metadata.PriorShift[c])];
            training["recalibrationPriorFitted"] = 1;
        }

        if (options.FitHints)
        {
            training["recalibrationHintsFitted"] = 1;
            for (var h = 0; h < metadata.Hints.Count; h++)
            {
                training[$"hint.{metadata.Hints[h]}.recalibratedThreshold"] = hintFit.Thresholds[h];
            }
        }

        var recalibrated = metadata with
        {
            Version = $"ngram-{now.UtcDateTime:yyyyMMddHHmm}-{CalibrationHash(metadata.Version, map, threshold, shift, options.FitHints ? hintFit.Thresholds : null)}",
            CreatedAt = now,
            Temperature = map.Temperature,
            IsotonicX = map.IsotonicX,
            IsotonicY = map.IsotonicY,
            ReviewThreshold = threshold,
            HintThresholds = hintFit.Thresholds,
            PriorShift = priorShift,
            RecalibratedFrom = metadata.Version,
            Training = training,
        };
        var model = classifier.Model;
        return new RecalibrationResult(
            new TrainingResult(model.With(recalibrated)),
            before,
            estimate,
            fitted);
    }

    private static (CalibrationMap Map, double ReviewThreshold, double[]? Shift) Fit(double[][] logits, int[] labels, RecalibrationOptions options)
    {
        // The mix is the reviewed texts' own; the anchor (another stream, another mix) does not move it, but is scored with it.
        double[]? shift = null;
        if (options.FitPrior)
        {
            shift = Calibration.FitBiasShift(logits, labels, options.PriorRegularization);
            logits = [.. logits.Select(z => Shifted(z, shift))];
        }

        double[]? weights = null;
        if (options.ActiveAnchor is { } anchor)
        {
            // Every anchor text, weighted so that together they have the share asked for (no sample: no luck of the draw).
            var each = options.AnchorWeightEach(logits.Length, anchor.Weights?.Sum() ?? anchor.Labels.Count);
            weights = [.. Enumerable.Repeat(1.0, logits.Length), .. Enumerable.Range(0, anchor.Labels.Count).Select(i => each * (anchor.Weights?[i] ?? 1))];
            (logits, labels) = ([.. logits, .. anchor.Logits.Select(z => Shifted(z, shift))], [.. labels, .. anchor.Labels]);
        }

        var map = CalibrationMap.Fit(logits, labels, options.Isotonic, weights: weights);
        var probabilities = logits.Select(map.Probabilities).ToArray();
        return (map, Calibration.ReviewThreshold(probabilities, labels, options.TargetPrecision, weights), shift);
    }

    /// <summary>
    /// Each learned hint's threshold with the best F1 on the reviewed texts of <paramref name="rows"/> (weight 1 each) and
    /// the anchor's out-of-fold probabilities of that hint (together weighted to the anchor's share). A hint the model
    /// keeps silent (threshold above 1: too few training examples) stays silent; one with fewer than
    /// <see cref="RecalibrationOptions.MinimumHintPositives"/> positive reviewed texts in the fit keeps its threshold.
    /// </summary>
    private static HintFit FitHintThresholds(ModelMetadata metadata, IReadOnlyList<LabeledProposal> reviewed, double[][] probabilities, int[] rows, RecalibrationOptions options)
    {
        var thresholds = metadata.HintThresholds.ToArray();
        for (var h = 0; h < metadata.Hints.Count; h++)
        {
            var hint = metadata.Hints[h];
            if (thresholds[h] > 1)
            {
                continue;
            }

            var scores = rows.Select(i => probabilities[i][h]).ToList();
            var labels = rows.Select(i => reviewed[i].Hints.Contains(hint) ? 1 : 0).ToList();
            if (!options.RefitsHint(labels.Sum()))
            {
                continue;
            }

            var weights = Enumerable.Repeat(1.0, rows.Length).ToList();
            if (options.ActiveAnchor?.Hints.FirstOrDefault(a => a.Hint == hint) is { Labels.Count: > 0 } anchor)
            {
                var each = options.AnchorWeightEach(rows.Length, anchor.Labels.Count);
                scores.AddRange(anchor.Probabilities);
                labels.AddRange(anchor.Labels);
                weights.AddRange(Enumerable.Repeat(each, anchor.Labels.Count));
            }

            thresholds[h] = Calibration.BestF1Threshold([.. scores], [.. labels], [.. weights]).Threshold;
        }

        return new HintFit(thresholds);
    }

    /// <summary>Hint thresholds (in <see cref="ModelMetadata.Hints"/> order) and the answer they give.</summary>
    private sealed record HintFit(IReadOnlyList<double> Thresholds)
    {
        /// <summary>The answer with its learned hints chosen by these thresholds; rule-based hints (too_long) stay.</summary>
        public ClassificationResult Apply(ClassificationResult answer, IReadOnlyList<string> learned, double[] probabilities) => answer with
        {
            Hints = [.. learned.Where((_, h) => probabilities[h] >= Thresholds[h]), .. answer.Hints.Where(x => !learned.Contains(x))],
        };
    }

    private static double[] Shifted(double[] logits, double[]? shift) => shift is null ? logits : [.. logits.Select((z, c) => z + shift[c])];

    /// <summary>
    /// The model's answer with the new confidences and review flag, for the figures. Without a fitted mix the category
    /// stays and the alternatives keep their order (the recalibrated model may order alternatives the isotonic cap made
    /// equal otherwise); with one, the category and alternatives are ranked again from the shifted scores.
    /// </summary>
    private static ClassificationResult Recalibrated(
        ClassificationResult answer, double[] logits, CalibrationMap map, double reviewThreshold, IReadOnlyList<string> categories, Dictionary<string, int> categoryIndex, bool rerank)
    {
        var probabilities = map.Probabilities(logits);
        var confidence = probabilities.Max();

        // As the classifier does: the best category by score (the isotonic cap can tie others with it), the
        // alternatives by calibrated confidence.
        var best = rerank ? Calibration.ArgMax(logits) : categoryIndex[answer.Category];
        IEnumerable<string> alternatives = rerank
            ? Enumerable.Range(0, categories.Count).Where(c => c != best).OrderByDescending(c => probabilities[c]).ThenBy(c => c)
                .Take(answer.Alternatives.Count).Select(c => categories[c])
            : answer.Alternatives.Select(a => a.Category);
        return answer with
        {
            Category = categories[best],
            Confidence = Math.Round(confidence, 4),
            NeedsReview = confidence < reviewThreshold,
            Alternatives = [.. alternatives.Select(a => new CategoryScore(a, Math.Round(probabilities[categoryIndex[a]], 4)))],
        };
    }

    /// <summary>Fold of each text: texts of one category dealt round-robin in a fixed shuffled order.</summary>
    private static int[] StratifiedFolds(int[] labels, int folds, int seed)
    {
        var random = new Random(seed);
        var order = Enumerable.Range(0, labels.Length).Select(i => (Index: i, Key: random.Next())).ToArray();
        var fold = new int[labels.Length];
        var position = 0;
        foreach (var (index, _) in order.OrderBy(x => labels[x.Index]).ThenBy(x => x.Key))
        {
            fold[index] = position++ % folds;
        }

        return fold;
    }

    /// <summary>8 hex digits over the source version and the new calibration, so each recalibration has its own version.</summary>
    private static string CalibrationHash(string sourceVersion, CalibrationMap map, double threshold, double[]? shift, IReadOnlyList<double>? hintThresholds)
    {
        var c = CultureInfo.InvariantCulture;
        var text = string.Join('|',
            sourceVersion,
            map.Temperature.ToString("R", c),
            string.Join(',', map.IsotonicX.Select(x => x.ToString("R", c))),
            string.Join(',', map.IsotonicY.Select(y => y.ToString("R", c))),
            threshold.ToString("R", c));
        if (shift is not null)
        {
            // Without a fitted mix the text is as before, so earlier versions keep their hash.
            text += "|" + string.Join(',', shift.Select(x => x.ToString("R", c)));
        }

        if (hintThresholds is not null)
        {
            // Likewise only when the hint thresholds were fitted.
            text += "|hints " + string.Join(',', hintThresholds.Select(x => x.ToString("R", c)));
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..8];
    }
}
