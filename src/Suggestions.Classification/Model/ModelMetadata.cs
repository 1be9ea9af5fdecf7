using System.Text.Json;
using System.Text.Json.Serialization;
using Suggestions.Classification.Features;

namespace Suggestions.Classification.Model;

/// <summary>
/// Everything about a model except its arrays; stored as JSON in the model file. A record, so a derived model
/// (<c>calibrate</c>) copies every field it does not change with <c>with</c>.
/// </summary>
public sealed record ModelMetadata
{
    public required string Version { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary><c>logistic-regression</c> or <c>naive-bayes</c> for the category model; hints are always logistic.</summary>
    public required string Algorithm { get; init; }

    public required IReadOnlyList<string> Categories { get; init; }

    public required IReadOnlyList<string> Hints { get; init; }

    public required IReadOnlyList<LexiconGroup> Lexicon { get; init; }

    /// <summary>Temperature that calibrates the category softmax (fitted on out-of-fold predictions of train).</summary>
    public required double Temperature { get; init; }

    /// <summary>
    /// Knots of the isotonic map applied to the top answer's confidence after the temperature (empty: none).
    /// Fitted on the same out-of-fold predictions.
    /// </summary>
    public IReadOnlyList<double> IsotonicX { get; init; } = [];

    public IReadOnlyList<double> IsotonicY { get; init; } = [];

    /// <summary>Below this calibrated confidence the answer is flagged <c>needsReview</c>.</summary>
    public required double ReviewThreshold { get; init; }

    /// <summary>Probability above which each hint (same order as <see cref="Hints"/>) is reported.</summary>
    public required IReadOnlyList<double> HintThresholds { get; init; }

    /// <summary>Uncalibrated probability a clause's own topic needs before it counts as a separate topic.</summary>
    public required double TopicThreshold { get; init; }

    // The feature settings below have setters, not init: the JSON source generator builds init-only
    // properties through the constructor and would give a model file without them 0 instead of the old default.

    /// <summary>Longest character n-gram of the vocabulary (models written before this field: 3).</summary>
    public int NGramMax { get; set; } = TextScanner.DefaultMaxN;

    /// <summary>How many times an n-gram in the title counts (models written before this field: 2).</summary>
    public double TitleWeight { get; set; } = 2;

    /// <summary>
    /// How much an n-gram after the second enumeration marker counts (models written before this field: 1).
    /// A multi-issue text is filed under its first issue, so the first item says most about the category.
    /// </summary>
    public double LaterItemWeight { get; set; } = 1;

    /// <summary>
    /// Whether an area term inside a longer area term counts only as the longer one (加班 in 增加班次 is a
    /// bus timetable, not overtime). Models written before this field: false, every occurrence counted.
    /// </summary>
    public bool LongestTermMatch { get; set; }

    /// <summary>
    /// Added to the category scores before calibration, one value per category (empty: none, as in models written
    /// before this field): the move from the training corpus's category mix to the one the model assumes
    /// (<see cref="Training.TrainingOptions.Prior"/>). Clause topics, hints and reasons do not use it.
    /// </summary>
    public IReadOnlyList<double> PriorShift { get; set; } = [];

    /// <summary>
    /// How a text's length scales its category scores before calibration (<see cref="Features.LengthScale"/>; 0: not at
    /// all, as in models written before this field): fitted in training with the temperature on the out-of-fold scores
    /// (<see cref="Training.TrainingOptions.LengthScale"/>). The order of the categories does not change; short texts'
    /// confidences rise where the slope is negative, long texts' fall.
    /// </summary>
    public double LengthSlope { get; set; }

    /// <summary>
    /// Units of the category model's hidden layer (<see cref="HiddenLayer"/>; 0: none, as in models written before this
    /// field), and how many of the most frequent n-grams feed it.
    /// </summary>
    public int HiddenUnits { get; set; }

    /// <inheritdoc cref="HiddenUnits"/>
    public int HiddenNgramInputs { get; set; }

    /// <summary>
    /// Units of the hints' hidden layer (<see cref="NgramModel.HintHidden"/>, twentieth session; 0: none, as in models written
    /// before this field): each learned hint's own units side by side, whose outputs add to the hint scores; and how many of
    /// the most frequent n-grams feed it.
    /// </summary>
    public int HintHiddenUnits { get; set; }

    /// <inheritdoc cref="HintHiddenUnits"/>
    public int HintHiddenNgramInputs { get; set; }

    /// <summary>
    /// Words that name the call for proposals itself (民生实事, 征集 …), normalised: the classifier reads each as one space
    /// (the trainer only with <see cref="Training.TrainingOptions.CampaignTermsInTraining"/>). Every message is sent to
    /// the call, so its name says nothing about the area; in the corpus it sits mostly in texts about the call itself,
    /// filed <c>other</c> (fourteenth session). Models written before this field: none.
    /// </summary>
    public IReadOnlyList<string> CampaignTerms { get; set; } = [];

    /// <summary>
    /// Names of the channels residents use to reach the city (12345热线, 市长热线 …) and the field labels of a message
    /// board's page (留言时间, 留言内容 …), normalised: the classifier reads each as one space, like
    /// <see cref="CampaignTerms"/>. "I called 12345, nothing happened" says how the matter went, not what it is about; in
    /// the corpus the hotline's name sits mostly in texts about the hotline itself (`governance`), and 留言 in `other`
    /// texts (fourteenth session). Models written before this field: none.
    /// </summary>
    public IReadOnlyList<string> ChannelTerms { get; set; } = [];

    /// <summary>
    /// Forms of address and courtesy formulas (<see cref="Training.TrainingOptions.CourtesyTerms"/>): unlike the campaign and
    /// channel terms, the trainer read them as one space too, so the weights never learnt them (models before it: none).
    /// </summary>
    public IReadOnlyList<string> CourtesyTerms { get; set; } = [];

    /// <summary>
    /// Formulas read as one space where they close the content (<see cref="Training.TrainingOptions.ClosingTerms"/>,
    /// <see cref="Text.ClosingMask"/>), by trainer and classifier alike (models before it: none).
    /// </summary>
    public IReadOnlyList<string> ClosingTerms { get; set; } = [];

    /// <summary>
    /// Whether the classifier reads a salutation to an official by name or rank that opens the content
    /// (<see cref="Text.Salutation"/>) as one space (<see cref="Training.TrainingOptions.Salutations"/>; the trainer reads its
    /// corpus as written; models before it: no).
    /// </summary>
    public bool Salutations { get; set; }

    /// <summary>
    /// Whether the classifier reads the addressee of an earlier contact (跟居委会说了, 找过社区) as one space
    /// (<see cref="Text.ContactMask"/>, <see cref="Training.TrainingOptions.ContactMask"/>; the trainer reads its corpus as
    /// written; models before it: no). <see cref="NgramClassifierOptions.ContactMask"/> overrides it.
    /// </summary>
    public bool ContactMask { get; set; }

    /// <summary>The value of <see cref="HiddenPool"/> for a category layer whose units also read their largest n-gram row value.</summary>
    public const string SumMaxPool = Suggestions.Classification.Training.TrainingOptions.SumMaxPool;

    /// <summary>The value of <see cref="HiddenPool"/> for units that also read the mean of their two largest n-gram row values.</summary>
    public const string SumTopTwoPool = Suggestions.Classification.Training.TrainingOptions.SumTopTwoPool;

    /// <summary>The value of <see cref="HiddenPool"/> for units that also read their largest and their smallest n-gram row values.</summary>
    public const string SumMaxMinPool = Suggestions.Classification.Training.TrainingOptions.SumMaxMinPool;

    /// <summary>
    /// How the category layer's units pool the text's n-gram rows: null for the weighted sum (every model before the
    /// twenty-seventh session), <see cref="SumMaxPool"/>, <see cref="SumTopTwoPool"/> or <see cref="SumMaxMinPool"/> (<see cref="Training.TrainingOptions.HiddenPool"/>).
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? HiddenPool { get; set; }

    /// <summary>
    /// How the hints' layer's units pool the text's n-gram rows: null for the weighted sum, or <see cref="SumMaxPool"/>
    /// (<see cref="Training.TrainingOptions.HintHiddenPool"/>).
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? HintHiddenPool { get; set; }

    /// <summary>
    /// The version this model was recalibrated from (<c>calibrate</c>: same weights, calibration fitted on
    /// reviewed texts), or null for a model straight from training.
    /// </summary>
    public string? RecalibratedFrom { get; set; }

    /// <summary>Figures from training (sizes, chosen hyper-parameters, out-of-fold quality), for the record.</summary>
    public IReadOnlyDictionary<string, double> Training { get; init; } = new Dictionary<string, double>();
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = false)]
[JsonSerializable(typeof(ModelMetadata))]
internal sealed partial class ModelJsonContext : JsonSerializerContext;
