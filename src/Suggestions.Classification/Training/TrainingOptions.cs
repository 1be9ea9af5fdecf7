namespace Suggestions.Classification.Training;

public sealed class TrainingOptions
{
    public const string LogisticRegression = "logistic-regression";
    public const string NaiveBayes = "naive-bayes";

    /// <summary>Logistic regression plus a scaled naive Bayes model: both are linear, so their sum is one model.</summary>
    public const string Ensemble = "ensemble";

    /// <summary><see cref="Ensemble"/> (default), <see cref="LogisticRegression"/> or <see cref="NaiveBayes"/> for the category model.</summary>
    public string Algorithm { get; init; } = Ensemble;

    /// <summary>Cross-fitting folds over the training examples (calibration, thresholds, hint features).</summary>
    public int Folds { get; init; } = 5;

    /// <summary>
    /// Candidates for the category model's regularisation (L2 strength, or the naive Bayes smoothing),
    /// chosen by out-of-fold log-loss. Null: a default grid for the algorithm.
    /// </summary>
    public IReadOnlyList<double>? Regularization { get; init; }

    /// <summary>Scale of the naive Bayes logits added to the logistic ones in <see cref="Ensemble"/>.</summary>
    public double NaiveBayesMix { get; init; } = 1;

    /// <summary>Smoothing of the naive Bayes part of <see cref="Ensemble"/>.</summary>
    public double NaiveBayesAlpha { get; init; } = 0.01;

    public double HintRegularization { get; init; } = 1e-4;

    public int MaxFeatures { get; init; } = 80_000;

    /// <summary>N-grams seen in fewer documents than this are dropped (not for corrected texts).</summary>
    public int MinDocumentFrequency { get; init; } = 3;

    public double CorrectionWeight { get; init; } = 3;

    /// <summary>The review threshold is the lowest confidence at which the accepted answers still reach this precision.</summary>
    public double TargetPrecision { get; init; } = 0.95;

    /// <summary>Whether to follow the temperature with an isotonic map of the top confidence.</summary>
    public bool Isotonic { get; init; } = true;

    public double TopicThreshold { get; init; } = 0.5;

    public int MaxIterations { get; init; } = 300;

    public int Seed { get; init; } = 20221115;

    public int Parallelism { get; init; } = Environment.ProcessorCount;

    /// <summary>Clock for the version stamp (tests pin it).</summary>
    public DateTimeOffset? Now { get; init; }

    internal IReadOnlyList<double> RegularizationGrid =>
        Regularization ?? (Algorithm == NaiveBayes ? [0.003, 0.01, 0.03] : [1e-4, 3e-4]);
}
