using System.Reflection;
using Suggestions.Classification.Features;
using Suggestions.Classification.Model;
using Suggestions.Classification.Text;

namespace Suggestions.Classification;

/// <summary>Settings that belong to the deployment rather than to the trained model.</summary>
public sealed class NgramClassifierOptions
{
    /// <summary>Texts with more non-blank characters than this get the <c>too_long</c> hint (concise text criterion).</summary>
    public int MaxLength { get; init; } = 1500;

    /// <summary>Overrides the model's review threshold (null: use the one chosen at training).</summary>
    public double? ReviewThreshold { get; init; }

    /// <summary>
    /// Only this many characters of a text are read for features (all are counted for <see cref="MaxLength"/>):
    /// the per-thread buffers grow with the text, and no proposal needs more to be classified.
    /// </summary>
    public int MaxScanLength { get; init; } = 20_000;

    public int MaxReasons { get; init; } = 5;

    public int MaxAlternatives { get; init; } = 3;

    /// <summary>
    /// How strongly two adjacent characters must belong together for a reason's edge not to fall between them: the pair's
    /// document frequency relative to its rarer character's, from the model's vocabulary (0.05: at least one in twenty
    /// training texts with the rarer character has the pair). Reasons only; 0 turns the step off. See <c>Text/ReasonEdges</c>.
    /// </summary>
    public double ReasonWordBond { get; init; } = 0.05;

    /// <summary>
    /// A text with fewer Chinese characters than this is always flagged <c>needsReview</c>, however sure the model is: it
    /// reads Chinese, and a proposal in another language or script (an English letter about buses) gives it nothing to go
    /// on — the training corpus's few such texts are all `other`, so it would file one there with a confidence that means
    /// nothing. A person should look. The answer itself is unchanged. So is a text written mostly in Latin letters
    /// (fewer Chinese characters than a third of its Latin letters: an English letter that names 芦淞区), which the corpus
    /// never has; a Chinese text with a brand or an English word or two (建议增加WiFi覆盖, APP闪退) is not. 0 turns both off.
    /// </summary>
    public int MinChineseCharacters { get; init; } = 2;

    /// <summary>
    /// Whether the addressee of an earlier contact (跟居委会说了, 找过社区) is read as one space (<see cref="Text.ContactMask"/>);
    /// null: as the model says (<see cref="Model.ModelMetadata.ContactMask"/>).
    /// </summary>
    public bool? ContactMask { get; init; }
}

/// <summary>
/// The trained classifier: character 1–3-grams plus curated lexicon and structure features, a linear
/// model per output (categories: softmax with temperature calibration; hints: logistic). Thread-safe;
/// classification does no I/O and allocates only its result.
/// </summary>
public sealed class NgramClassifier : IProposalClassifier
{
    internal const string DefaultResourceName = "Suggestions.Classification.default.ngm";

    [ThreadStatic]
    private static Scratch? t_scratch;

    private readonly NgramModel _model;
    private readonly DistrictDetector _districts;
    private readonly NgramClassifierOptions _options;
    private readonly int _otherIndex;
    private readonly int[][] _categoryLexiconGroups;
    private readonly double _reviewThreshold;
    private readonly double _reasonBondLog;
    private readonly IReadOnlyList<double> _isotonicX;
    private readonly IReadOnlyList<double> _isotonicY;
    private readonly TermMask _unreadTerms;
    private readonly ClosingMask _closing;
    private readonly FeatureRecords _records;
    private readonly bool _contactMask;
    private readonly Pooling _pool;
    private readonly Pooling _hintPool;

    /// <summary>What a hidden layer's units read besides their sums (<see cref="ModelMetadata.HiddenPool"/>), resolved at load.</summary>
    private enum Pooling
    {
        Sum,
        Max,
        TopTwoMean,
        MaxMin,
    }

    internal NgramClassifier(NgramModel model, DistrictDetector districts, NgramClassifierOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(districts);
        _model = model;
        _districts = districts;
        _options = options ?? new NgramClassifierOptions();
        _otherIndex = IndexOf(model.Metadata.Categories, CategoryCodes.Other);
        // A category's lexicon groups: its curated words and, in models trained with a separate broad group, that one.
        string[] groupNames = [.. model.Metadata.Lexicon.Select(g => g.Name)];
        _categoryLexiconGroups = [.. model.Metadata.Categories.Select(c => new[] { IndexOf(groupNames, c), IndexOf(groupNames, c + Training.ModelTrainer.BroadGroupSuffix) }.Where(g => g >= 0).ToArray())];
        _reviewThreshold = _options.ReviewThreshold ?? model.Metadata.ReviewThreshold;
        _reasonBondLog = _options.ReasonWordBond > 0 ? Math.Log(_options.ReasonWordBond) : double.NaN;

        // Models written before the isotonic step existed have no knots: identity.
        _isotonicX = model.Metadata.IsotonicX ?? [];
        _isotonicY = model.Metadata.IsotonicY ?? [];

        // The words naming the call and the channels, and the courtesy formulas, matched longest first whatever order the file has.
        _unreadTerms = new TermMask((model.Metadata.CampaignTerms ?? []).Concat(model.Metadata.ChannelTerms ?? []).Concat(model.Metadata.CourtesyTerms ?? []));
        _closing = new ClosingMask(model.Metadata.ClosingTerms ?? []);
        _contactMask = _options.ContactMask ?? model.Metadata.ContactMask;
        static Pooling PoolingOf(string? pool) => pool switch
        {
            ModelMetadata.SumMaxPool => Pooling.Max,
            ModelMetadata.SumTopTwoPool => Pooling.TopTwoMean,
            ModelMetadata.SumMaxMinPool => Pooling.MaxMin,
            _ => Pooling.Sum, // null; NgramModel refuses any other value
        };
        (_pool, _hintPool) = (PoolingOf(model.Metadata.HiddenPool), PoolingOf(model.Metadata.HintHiddenPool));

        // Laid out now, as part of loading, rather than by the first text.
        _records = model.Records;
    }

    public string ModelVersion => _model.Metadata.Version;

    internal NgramModel Model => _model;

    /// <summary>What the model was trained with and the thresholds it chose.</summary>
    public ModelMetadata Metadata => _model.Metadata;

    /// <summary>Whether this build of the library carries a trained default model.</summary>
    public static bool HasDefaultModel =>
        typeof(NgramClassifier).Assembly.GetManifestResourceInfo(DefaultResourceName) is not null;

    /// <summary>The model trained on the project's corpus, embedded in this library.</summary>
    public static NgramClassifier LoadDefault(DistrictDetector districts, NgramClassifierOptions? options = null)
    {
        using var stream = typeof(NgramClassifier).Assembly.GetManifestResourceStream(DefaultResourceName)
            ?? throw new InvalidOperationException(
                "This build has no embedded default model: run `dotnet run --project src/Suggestions.Cli -- train --out data/models/default.ngm` and rebuild.");
        return Load(stream, districts, options);
    }

    public static NgramClassifier Load(Stream stream, DistrictDetector districts, NgramClassifierOptions? options = null) =>
        new(NgramModel.Load(stream), districts, options);

    public static NgramClassifier LoadFile(string path, DistrictDetector districts, NgramClassifierOptions? options = null)
    {
        using var stream = File.OpenRead(path);
        return Load(stream, districts, options);
    }

    /// <summary>Writes the model (e.g. one just trained) in the format <see cref="Load"/> reads.</summary>
    public void Save(Stream stream) => _model.Save(stream);

    public ClassificationResult Classify(ProposalText proposal) => Classify(proposal, null);

    /// <summary>
    /// Each learned hint's probability for <paramref name="proposal"/>, in <see cref="ModelMetadata.Hints"/> order: what the
    /// hint thresholds are compared with, for threshold-free measures (<see cref="Evaluation.Evaluator.AveragePrecision"/>).
    /// </summary>
    public IReadOnlyList<double> HintProbabilities(ProposalText proposal)
    {
        var probabilities = new double[_model.HintCount];
        Classify(proposal, null, probabilities);
        return probabilities;
    }

    /// <summary>
    /// The answer, and (when <paramref name="rawCategoryScores"/> is given) the category scores before calibration
    /// (temperature, isotonic map), in <see cref="ModelMetadata.Categories"/> order: what
    /// <see cref="Training.Recalibrator"/> fits a new calibration on, from the same single pass; and (when
    /// <paramref name="hintProbabilities"/> is given) each learned hint's probability, in <see cref="ModelMetadata.Hints"/>
    /// order, which the hint thresholds are compared with.
    /// </summary>
    internal ClassificationResult Classify(ProposalText proposal, double[]? rawCategoryScores, double[]? hintProbabilities = null)
    {
        ArgumentNullException.ThrowIfNull(proposal);
        var title = proposal.Title ?? string.Empty;
        var content = proposal.Content ?? string.Empty;
        var scanTitle = title.AsSpan(0, Math.Min(title.Length, _options.MaxScanLength));
        var scanContent = content.AsSpan(0, Math.Min(content.Length, _options.MaxScanLength));
        var scratch = t_scratch ??= new Scratch();
        scratch.Prepare(_model, scanTitle.Length + 1 + scanContent.Length);

        var buffer = scratch.Text;
        var length = _unreadTerms.Apply(buffer.AsSpan(0, TextNormalizer.NormalizeForClassification(scanTitle, buffer)));
        var titleLength = length;
        buffer[length++] = '\n';
        var contentLength = TextNormalizer.NormalizeForClassification(scanContent, buffer.AsSpan(length));
        if (_model.Metadata.Salutations)
        {
            contentLength = Salutation.Apply(buffer.AsSpan(length, contentLength));
        }

        contentLength = _unreadTerms.Apply(buffer.AsSpan(length, contentLength));
        if (_contactMask)
        {
            contentLength = ContactMask.Apply(buffer.AsSpan(length, contentLength));
        }
        // A closing formula is where the content ends; a content cut at MaxScanLength has no close to look at.
        length += scanContent.Length == content.Length ? _closing.Apply(buffer.AsSpan(length, contentLength)) : contentLength;
        ReadOnlySpan<char> text = buffer.AsSpan(0, length);

        var sink = new InferenceSink(_model, scratch, _otherIndex, titleLength);
        try
        {
            TextScanner.Scan(text, _model.Lexicon, ref sink, _model.Metadata.NGramMax);
            sink.Resolve();
            return Score(text, scratch, ref sink, titleLength == 0, NonBlankLength(title) + NonBlankLength(content), rawCategoryScores, hintProbabilities);
        }
        finally
        {
            scratch.Reset(sink.TouchedCount, _model.Metadata.Lexicon.Count);
        }
    }

    /// <summary>
    /// Runs a hidden layer over the text's n-grams (their rows in the feature records, at <paramref name="place"/>) and lexicon
    /// groups and adds its outputs to <paramref name="target"/>.
    /// </summary>
    /// <param name="pool">
    /// What each unit gets besides its sum (<see cref="ModelMetadata.HiddenPool"/>): nothing, its largest n-gram row value
    /// over the text, the mean of its two largest, or its largest and its smallest.
    /// </param>
    private void AddLayer(HiddenLayer layer, FeatureRecords.LayerPlace place, Scratch scratch, int touchedCount, int lexiconCount, Span<double> target, Pooling pool)
    {
        // The n-grams the layer reads (those below its limit), in text order, gathered once for both layers when they read
        // the same: a test per row inside the sums' loop mispredicts often and costs more than the sums.
        if (scratch.LayerLimit != place.Limit)
        {
            var count = 0;
            for (var s = 0; s < touchedCount; s++)
            {
                var f = scratch.Touched[s];
                scratch.LayerFeatures[count] = f;
                scratch.LayerValues[count] = scratch.Values[s];
                count += f < place.Limit ? 1 : 0;
            }

            (scratch.LayerLimit, scratch.LayerCount) = (place.Limit, count);
        }

        var units = scratch.HiddenUnits.AsSpan(0, layer.Units);
        units.Clear();
        RowMath.AddScaledQuantizedRecords(units, _records.Records, _records.Stride, place.RowOffset, place.ScaleOffset, scratch.LayerFeatures.AsSpan(0, scratch.LayerCount), scratch.LayerValues.AsSpan(0, scratch.LayerCount));
        if (pool is Pooling.Max or Pooling.MaxMin)
        {
            RowMath.AddMaxQuantizedRecords(units, _records.Records, _records.Stride, place.RowOffset, place.ScaleOffset, scratch.LayerFeatures.AsSpan(0, scratch.LayerCount));
        }
        else if (pool == Pooling.TopTwoMean)
        {
            RowMath.AddTopTwoMeanQuantizedRecords(units, _records.Records, _records.Stride, place.RowOffset, place.ScaleOffset, scratch.LayerFeatures.AsSpan(0, scratch.LayerCount));
        }

        if (pool == Pooling.MaxMin)
        {
            RowMath.AddMinQuantizedRecords(units, _records.Records, _records.Stride, place.RowOffset, place.ScaleOffset, scratch.LayerFeatures.AsSpan(0, scratch.LayerCount));
        }

        for (var g = 0; g < lexiconCount; g++)
        {
            if (scratch.LexiconCounts[g] > 0)
            {
                layer.AddRow(units, layer.NgramInputs + g, TopicMath.LexiconWeight(scratch.LexiconCounts[g]));
            }
        }

        layer.AddOutput(units, target);
    }

    private ClassificationResult Score(ReadOnlySpan<char> text, Scratch scratch, ref InferenceSink sink, bool titleEmpty, int rawLength, double[]? rawCategoryScores, double[]? hintProbabilities)
    {
        var model = _model;
        var columns = model.Columns;
        var weights = model.Weights;
        var scores = scratch.Scores.AsSpan(0, columns);
        for (var c = 0; c < columns; c++)
        {
            scores[c] = model.Bias[c];
        }

        // N-grams: sub-linear tf·idf, unit length. Each feature's record was asked for when the lookup found it.
        var records = _records;
        var squaredNorm = 0.0;
        for (var s = 0; s < sink.TouchedCount; s++)
        {
            var v = TopicMath.TermWeight(scratch.Counts[s], records.Idf(scratch.Touched[s]));
            scratch.Values[s] = v;
            squaredNorm += v * v;
        }

        var inverseNorm = squaredNorm > 0 ? 1 / Math.Sqrt(squaredNorm) : 0;
        for (var s = 0; s < sink.TouchedCount; s++)
        {
            var x = scratch.Values[s] * inverseNorm;
            scratch.Values[s] = x;
            RowMath.AddScaled(scores, records.Weights(scratch.Touched[s]), x);
        }

        var lexiconCount = model.Metadata.Lexicon.Count;
        for (var g = 0; g < lexiconCount; g++)
        {
            if (scratch.LexiconCounts[g] > 0)
            {
                RowMath.AddScaled(scores, weights.AsSpan((model.LexiconOffset + g) * columns, columns), TopicMath.LexiconWeight(scratch.LexiconCounts[g]));
            }
        }

        var structure = scratch.Structure.AsSpan();
        FeatureLayout.WriteBasic(structure, sink.ContentChars, sink.Markers, titleEmpty, sink.Clauses);
        FeatureLayout.WriteTopics(structure, sink.DistinctTopics(), sink.Markers);
        for (var f = 0; f < structure.Length; f++)
        {
            if (structure[f] != 0)
            {
                RowMath.AddScaled(scores, weights.AsSpan((model.StructureOffset + f) * columns, columns), structure[f]);
            }
        }

        // Categories: the hidden layer's output (a model with one), then a calibrated softmax after the length's scale and
        // the move to the category mix the model assumes.
        var k = model.CategoryCount;
        if (model.Hidden is { } hidden)
        {
            AddLayer(hidden, records.Category, scratch, sink.TouchedCount, lexiconCount, scores[..k], _pool);
        }

        // The hints' layer (a model with one) adds to the hint scores.
        if (model.HintHidden is { } hintHidden)
        {
            AddLayer(hintHidden, records.Hints, scratch, sink.TouchedCount, lexiconCount, scores[k..], _hintPool);
        }

        if (model.Metadata.LengthSlope != 0)
        {
            var factor = LengthScale.Factor(model.Metadata.LengthSlope, rawLength);
            for (var c = 0; c < k; c++)
            {
                scores[c] *= factor;
            }
        }

        if (model.PriorShift is { } shift)
        {
            for (var c = 0; c < k; c++)
            {
                scores[c] += shift[c];
            }
        }

        if (rawCategoryScores is not null)
        {
            scores[..k].CopyTo(rawCategoryScores);
        }

        var probabilities = scratch.Probabilities.AsSpan(0, k);
        scores[..k].CopyTo(probabilities);
        TopicMath.Softmax(probabilities, model.Metadata.Temperature);
        var best = 0;
        for (var c = 1; c < k; c++)
        {
            if (probabilities[c] > probabilities[best])
            {
                best = c;
            }
        }

        // The isotonic step keeps the top class on top (others are capped at its value), so `best` stands; the alternatives
        // are ordered by their scores, which a cap cannot tie.
        Training.Calibration.RecalibrateInPlace(probabilities, _isotonicX, _isotonicY);
        var categories = model.Metadata.Categories;
        var alternatives = new List<CategoryScore>(_options.MaxAlternatives);
        Span<bool> taken = stackalloc bool[k];
        taken[best] = true;
        for (var a = 0; a < _options.MaxAlternatives && a < k - 1; a++)
        {
            var next = -1;
            for (var c = 0; c < k; c++)
            {
                if (!taken[c] && (next < 0 || scores[c] > scores[next]))
                {
                    next = c;
                }
            }

            taken[next] = true;
            alternatives.Add(new CategoryScore(categories[next], Math.Round(probabilities[next], 4)));
        }

        var hints = new List<string>(2);
        for (var h = 0; h < model.HintCount; h++)
        {
            var probability = TopicMath.Sigmoid(scores[k + h]);
            if (hintProbabilities is not null)
            {
                hintProbabilities[h] = probability;
            }

            if (probability >= model.Metadata.HintThresholds[h])
            {
                hints.Add(model.Metadata.Hints[h]);
            }
        }

        if (rawLength > _options.MaxLength)
        {
            hints.Add(HintCodes.TooLong);
        }

        var confidence = probabilities[best];
        return new ClassificationResult(
            categories[best],
            Math.Round(confidence, 4),
            confidence < _reviewThreshold || MostlyUnread(text, _options.MinChineseCharacters),
            alternatives,
            _options.MaxReasons > 0 ? Reasons(text, scratch, sink.TouchedCount, best) : [],
            hints,
            _districts.Detect(text),
            ModelVersion);
    }

    /// <summary>
    /// The phrases that pushed the answer towards the chosen category: the n-grams and lexicon terms with
    /// the largest positive contribution, merged where they overlap so a reviewer reads "公交线路" rather
    /// than "公交", "交线", "线路".
    /// </summary>
    private List<string> Reasons(ReadOnlySpan<char> text, Scratch scratch, int touchedCount, int category)
    {
        const int Candidates = 12;
        var model = _model;
        var columns = model.Columns;
        Span<double> score = stackalloc double[Candidates];
        Span<int> start = stackalloc int[Candidates];
        Span<int> length = stackalloc int[Candidates];
        var count = 0;

        void Offer(double contribution, int s, int l, ReadOnlySpan<char> text, Span<double> score, Span<int> start, Span<int> length)
        {
            if (contribution <= 0 || (count == Candidates && score[Candidates - 1] >= contribution) || !Readable(text.Slice(s, l)))
            {
                return;
            }

            var position = count == Candidates ? Candidates - 1 : count++;

            while (position > 0 && score[position - 1] < contribution)
            {
                score[position] = score[position - 1];
                start[position] = start[position - 1];
                length[position] = length[position - 1];
                position--;
            }

            score[position] = contribution;
            start[position] = s;
            length[position] = l;
        }

        var (values, touched, records) = (scratch.Values, scratch.Touched, _records);
        for (var s = 0; s < touchedCount; s++)
        {
            // Most features cannot make the list: that test first, here, is what keeps this loop cheap.
            var contribution = values[s] * records.Weight(touched[s], category);
            if (contribution > 0 && (count < Candidates || contribution > score[Candidates - 1]))
            {
                Offer(contribution, scratch.FirstStart[s], scratch.FirstLength[s], text, score, start, length);
            }
        }

        foreach (var group in _categoryLexiconGroups[category])
        {
            if (scratch.LexiconCounts[group] <= 0)
            {
                continue;
            }

            var contribution = TopicMath.LexiconWeight(scratch.LexiconCounts[group]) * model.Weights[((model.LexiconOffset + group) * columns) + category];
            for (var t = 0; t < scratch.TermCount; t++)
            {
                if (Array.IndexOf(model.Lexicon.EntryGroups[scratch.TermEntry[t]], group) >= 0)
                {
                    Offer(contribution / scratch.LexiconCounts[group], scratch.TermStart[t], scratch.TermLength[t], text, score, start, length);
                }
            }
        }

        // Each span's edges on words first ("交通拥" reads as 交通拥堵, "的理发店" as 理发店, "户都不" not at all:
        // Text/ReasonEdges); then overlapping spans (same text region) merge into one phrase, short enough to read.
        var bonds = new ModelBonds(text.Length, scratch, records, _reasonBondLog);
        ReadOnlySpan<int> termStarts = scratch.TermStart.AsSpan(0, scratch.TermCount);
        ReadOnlySpan<int> termLengths = scratch.TermLength.AsSpan(0, scratch.TermCount);
        var merged = new List<(int Start, int End, double Score)>(count);
        for (var i = 0; i < count; i++)
        {
            var (s, e, v) = (start[i], start[i] + length[i], score[i]);
            // Edges on words; a lexicon term taken whole may hold a digit or a Latin letter (4s店), so the span is checked again.
            if (!ReasonEdges.Snap(text, ref s, ref e, termStarts, termLengths, ref bonds) || !Readable(text[s..e]))
            {
                continue;
            }

            var absorbed = false;
            for (var m = 0; m < merged.Count; m++)
            {
                var (ms, me, mv) = merged[m];
                if (s < me && ms < e && Math.Max(me, e) - Math.Min(ms, s) <= ReasonEdges.MaxPhrase)
                {
                    merged[m] = (Math.Min(ms, s), Math.Max(me, e), mv + v);
                    absorbed = true;
                    break;
                }
            }

            if (!absorbed)
            {
                merged.Add((s, e, v));
            }
        }

        merged.Sort((a, b) => b.Score.CompareTo(a.Score));
        var reasons = new List<string>(_options.MaxReasons);
        foreach (var (s, e, _) in merged)
        {
            // A phrase inside one already shown (药店 after 药店刷卡) adds nothing.
            if (!ShownAlready(reasons, text[s..e]))
            {
                var phrase = new string(text[s..e]);
                reasons.Add(phrase);
                if (reasons.Count == _options.MaxReasons)
                {
                    break;
                }
            }
        }

        return reasons;
    }

    private static bool ShownAlready(List<string> reasons, ReadOnlySpan<char> phrase)
    {
        foreach (var reason in reasons)
        {
            if (reason.AsSpan().Contains(phrase, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Whether a span may be shown as a reason: it must contain Chinese and no digits. Digits and Latin
    /// letters are where phone numbers, house numbers and "XX" placeholders live, and reasons are shown
    /// to reviewers who must not see contact data.
    /// </summary>
    private static bool Readable(ReadOnlySpan<char> span)
    {
        var chinese = false;
        foreach (var c in span)
        {
            if (char.IsAsciiDigit(c) || char.IsAsciiLetter(c))
            {
                return false;
            }

            chinese |= c >= '\u3400';
        }

        return chinese;
    }

    private static int NonBlankLength(string text) => LengthScale.NonBlank(text);

    /// <summary>
    /// Whether <paramref name="text"/> gives the model too little Chinese to read (<see cref="NgramClassifierOptions.MinChineseCharacters"/>):
    /// fewer Chinese characters than <paramref name="minimum"/>, or fewer than a third of its Latin letters.
    /// </summary>
    private static bool MostlyUnread(ReadOnlySpan<char> text, int minimum)
    {
        if (minimum <= 0)
        {
            return false;
        }

        var (chinese, latin) = (0, 0);
        foreach (var c in text)
        {
            chinese += IsChinese(c) ? 1 : 0;
            latin += char.IsAsciiLetter(c) ? 1 : 0;
        }

        return chinese < minimum || chinese * 3 < latin;
    }

    /// <summary>A Chinese character of the Unicode blocks the corpus uses (CJK Unified Ideographs and Extension A).</summary>
    private static bool IsChinese(char c) => c is >= '\u3400' and <= '\u9fff';

    private static int IndexOf(IReadOnlyList<string> list, string value)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (string.Equals(list[i], value, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Per-thread working memory, sized to the largest model and text seen on the thread.</summary>
    internal sealed class Scratch
    {
        public const int MaxTerms = 64;

        /// <summary>
        /// How far ahead of its vocabulary lookup an n-gram's table slot is prefetched. The lookup is a
        /// cache miss more often than not; prefetching lets the misses of successive n-grams overlap
        /// instead of stalling one after another.
        /// </summary>
        public const int LookAhead = 32;

        public char[] Text { get; private set; } = new char[1024];

        /// <summary>
        /// The text's own small open-addressing set of features: feature → slot + 1 (0: empty). Sized to
        /// the text rather than to the vocabulary, so it stays in the L1 cache.
        /// </summary>
        public int[] SlotTable { get; private set; } = new int[4096];

        public int SlotMask { get; private set; }

        public int SlotShift { get; private set; }

        /// <summary>Where each slot sits in <see cref="SlotTable"/>, to clear it afterwards.</summary>
        public int[] SlotPosition { get; private set; } = new int[1024];

        public int[] Touched { get; private set; } = new int[1024];

        /// <summary>The touched features a hidden layer reads (those below <see cref="LayerLimit"/>), and their values.</summary>
        public int[] LayerFeatures { get; private set; } = new int[1024];

        /// <inheritdoc cref="LayerFeatures"/>
        public double[] LayerValues { get; private set; } = new double[1024];

        /// <summary>The limit <see cref="LayerFeatures"/> were gathered for (-1: not yet for this text).</summary>
        public int LayerLimit { get; set; } = -1;

        public int LayerCount { get; set; }

        public float[] Counts { get; private set; } = new float[1024];

        public double[] Values { get; private set; } = new double[1024];

        public int[] FirstStart { get; private set; } = new int[1024];

        public int[] FirstLength { get; private set; } = new int[1024];

        public int[] OccurrenceFeature { get; private set; } = new int[1024];

        public int[] OccurrenceClause { get; private set; } = new int[1024];

        /// <summary>Per clause: too short to have a topic of its own.</summary>
        public bool[] ShortClause { get; private set; } = new bool[1024];

        /// <summary>The scan's n-grams in text order, looked up in the vocabulary after the scan.</summary>
        public ulong[] NGramHashes { get; private set; } = new ulong[1024];

        /// <summary>Per n-gram: <c>start &lt;&lt; 3 | length</c> (n-grams are at most 6 characters long).</summary>
        public int[] NGramSpans { get; private set; } = new int[1024];

        public int[] NGramClauses { get; private set; } = new int[1024];

        /// <summary>
        /// Per position of the text: the vocabulary feature (+ 1; 0: none) of the character there and of the pair starting
        /// there, as the lookup found them: what the reasons' word bonds (<see cref="ModelBonds"/>) read.
        /// </summary>
        public int[] UnigramAt { get; private set; } = new int[1024];

        /// <inheritdoc cref="UnigramAt"/>
        public int[] BigramAt { get; private set; } = new int[1024];

        public float[] LexiconCounts { get; private set; } = [];

        public int[] TermEntry { get; } = new int[MaxTerms];

        public int[] TermStart { get; } = new int[MaxTerms];

        public int[] TermLength { get; } = new int[MaxTerms];

        public int TermCount { get; set; }

        public double[] ClauseScores { get; private set; } = [];

        public double[] Scores { get; private set; } = [];

        public double[] Probabilities { get; private set; } = [];

        public float[] Structure { get; } = new float[FeatureLayout.StructureCount];

        /// <summary>A hidden layer's unit sums (a model with one): the category layer's, then the hints'.</summary>
        public double[] HiddenUnits { get; private set; } = [];

        public void Prepare(NgramModel model, int textLength)
        {
            if (Text.Length < textLength)
            {
                Text = new char[Math.Max(textLength, Text.Length * 2)];
            }

            if (ShortClause.Length < textLength + 1)
            {
                ShortClause = new bool[Math.Max(textLength + 1, ShortClause.Length * 2)];
            }

            if (UnigramAt.Length < textLength + 1)
            {
                UnigramAt = new int[Math.Max(textLength + 1, UnigramAt.Length * 2)];
                BigramAt = new int[UnigramAt.Length];
            }

            Array.Clear(UnigramAt, 0, textLength + 1);
            Array.Clear(BigramAt, 0, textLength + 1);

            var maxFeatures = (textLength * model.Metadata.NGramMax) + 1;
            if (Touched.Length < maxFeatures)
            {
                var size = Math.Max(maxFeatures, Touched.Length * 2);
                Touched = new int[size];
                LayerFeatures = new int[size];
                LayerValues = new double[size];
                Counts = new float[size];
                Values = new double[size];
                FirstStart = new int[size];
                FirstLength = new int[size];
                OccurrenceFeature = new int[size];
                OccurrenceClause = new int[size];
                SlotPosition = new int[size];
                NGramHashes = new ulong[size];
                NGramSpans = new int[size];
                NGramClauses = new int[size];
            }

            // At most half full, whatever the text; only the part this text needs is used (and cleared).
            var bits = 6;
            while ((1 << bits) < maxFeatures * 2)
            {
                bits++;
            }

            if (SlotTable.Length < 1 << bits)
            {
                SlotTable = new int[1 << bits];
            }

            SlotMask = (1 << bits) - 1;
            SlotShift = 32 - bits;

            if (LexiconCounts.Length < model.Metadata.Lexicon.Count)
            {
                LexiconCounts = new float[model.Metadata.Lexicon.Count];
            }

            var units = Math.Max(model.Hidden?.Units ?? 0, model.HintHidden?.Units ?? 0);
            if (HiddenUnits.Length < units)
            {
                HiddenUnits = new double[units];
            }

            if (Scores.Length < model.Columns)
            {
                Scores = new double[model.Columns];
                Probabilities = new double[model.Columns];
                ClauseScores = new double[model.Columns];
            }

            TermCount = 0;
            LayerLimit = -1;
        }

        public void Reset(int touchedCount, int lexiconGroups)
        {
            for (var s = 0; s < touchedCount; s++)
            {
                SlotTable[SlotPosition[s]] = 0;
            }

            Array.Clear(LexiconCounts, 0, lexiconGroups);
            TermCount = 0;
        }
    }

    /// <summary>
    /// Word bonds from the model's own vocabulary (<see cref="IWordBonds"/>): for the pair <c>ab</c> at a position,
    /// <c>df(ab) / min(df(a), df(b))</c> on a log scale, each document frequency (+ 1) read back from its idf
    /// (<c>ln((N + 1) / (df + 1)) + 1</c>, so the text count cancels): <c>max(idf(a), idf(b)) − idf(ab)</c>. A pair the
    /// vocabulary lacks (fewer than three training texts, or beyond its size) binds nothing; nor does a pair with a
    /// character that is not Chinese.
    /// </summary>
    private readonly struct ModelBonds(int length, Scratch scratch, FeatureRecords records, double thresholdLog) : IWordBonds
    {
        public double Threshold => thresholdLog;

        public double Strength(int position)
        {
            if (position <= 0 || position >= length)
            {
                return double.NegativeInfinity;
            }

            var (a, b, pair) = (scratch.UnigramAt[position - 1], scratch.UnigramAt[position], scratch.BigramAt[position - 1]);
            if (a == 0 || b == 0 || pair == 0 || !IsChinese(scratch.Text[position - 1]) || !IsChinese(scratch.Text[position]))
            {
                return double.NegativeInfinity;
            }

            return Math.Max(records.Idf(a - 1), records.Idf(b - 1)) - records.Idf(pair - 1);
        }
    }

    /// <summary>
    /// Collects one text's features: the scan records its n-grams, <see cref="Resolve"/> then looks them up
    /// (a tight loop that can prefetch ahead); also finds each clause's own topic.
    /// </summary>
    private struct InferenceSink(NgramModel model, Scratch scratch, int otherIndex, int titleLength) : IScanSink
    {
        private int _ngrams;
        private int _occurrences;
        private int _clause;

        // N-grams recorded from here on come after a list's second item marker.
        private int _laterItemsFrom = int.MaxValue;

        public int TouchedCount { get; private set; }

        public int Markers { get; private set; }

        public int Clauses { get; private set; }

        public int ContentChars { get; private set; }

        public void NGram(ulong hash, int start, int length)
        {
            scratch.NGramHashes[_ngrams] = hash;
            scratch.NGramSpans[_ngrams] = (start << 3) | length;
            scratch.NGramClauses[_ngrams++] = _clause;
        }

        /// <summary>Looks the recorded n-grams up, in text order; call once the scan is over.</summary>
        public void Resolve()
        {
            var index = model.VocabularyIndex;
            var hashes = scratch.NGramHashes;
            var spans = scratch.NGramSpans;
            var clauses = scratch.NGramClauses;
            var table = scratch.SlotTable;
            var (tableMask, tableShift) = (scratch.SlotMask, scratch.SlotShift);
            var touched = scratch.Touched;
            var counts = scratch.Counts;
            var occurrenceFeature = scratch.OccurrenceFeature;
            var occurrenceClause = scratch.OccurrenceClause;
            var records = model.Records;
            for (var i = 0; i < _ngrams; i++)
            {
                if (i + Scratch.LookAhead < _ngrams)
                {
                    index.PrefetchSlot(hashes[i + Scratch.LookAhead]);
                }

                var f = index.FindPrefetched(hashes[i]);
                if (f < 0)
                {
                    continue;
                }

                var start = spans[i] >> 3;
                var position = (int)(((uint)f * 0x9E3779B1u) >> tableShift);
                int slot;
                while (true)
                {
                    var entry = table[position];
                    if (entry == 0)
                    {
                        slot = TouchedCount++;
                        table[position] = slot + 1;
                        scratch.SlotPosition[slot] = position;
                        touched[slot] = f;
                        counts[slot] = 0;
                        scratch.FirstStart[slot] = start;
                        scratch.FirstLength[slot] = spans[i] & 7;

                        // Scoring reads every feature's record: start those loads now, so that they overlap.
                        records.Prefetch(f);
                        break;
                    }

                    if (touched[entry - 1] == f)
                    {
                        slot = entry - 1;
                        break;
                    }

                    position = (position + 1) & tableMask;
                }

                counts[slot] += start < titleLength ? model.TitleWeight : i >= _laterItemsFrom ? model.LaterItemWeight : 1;
                switch (spans[i] & 7)
                {
                    case 1:
                        scratch.UnigramAt[start] = f + 1;
                        break;
                    case 2:
                        scratch.BigramAt[start] = f + 1;
                        break;
                }

                // Clause topics are computed afterwards, and only when there are two clauses to compare.
                occurrenceFeature[_occurrences] = f;
                occurrenceClause[_occurrences++] = clauses[i];
            }
        }

        public readonly void Term(int entry, int start, int length, bool nested)
        {
            foreach (var g in model.Lexicon.GroupsOf(entry, nested))
            {
                scratch.LexiconCounts[g]++;
            }

            // A term inside a longer one is not what drove the area: the longer one is the reason.
            if (!nested && scratch.TermCount < Scratch.MaxTerms)
            {
                var t = scratch.TermCount++;
                scratch.TermEntry[t] = entry;
                scratch.TermStart[t] = start;
                scratch.TermLength[t] = length;
            }
        }

        public void ClauseEnd(int contentChars)
        {
            ContentChars += contentChars;

            // Too short to have a topic of its own (the same rule as in training).
            var isShort = contentChars < FeatureLayout.MinClauseChars;
            scratch.ShortClause[_clause++] = isShort;
            if (!isShort)
            {
                Clauses++;
            }
        }

        /// <summary>How many distinct confident topics the clauses have (0 or 1 when there is one clause).</summary>
        public readonly int DistinctTopics()
        {
            if (Clauses < 2)
            {
                return 0;
            }

            var clause = scratch.ClauseScores.AsSpan(0, model.CategoryCount);
            var features = scratch.OccurrenceFeature.AsSpan(0, _occurrences);
            var clauseOf = scratch.OccurrenceClause;
            var records = model.Records;
            var topics = 0;

            // Clause ids only grow along the text: each clause's occurrences are one run.
            for (var i = 0; i < _occurrences;)
            {
                var id = clauseOf[i];
                var end = i + 1;
                while (end < _occurrences && clauseOf[end] == id)
                {
                    end++;
                }

                if (!scratch.ShortClause[id])
                {
                    var run = features[i..end];
                    RowMath.SumScaledRecords(clause, records.Records, records.Stride, FeatureRecords.WeightsOffset, records.Columns, FeatureRecords.IdfOffset, run);
                    var norm = 0.0;
                    foreach (var f in run)
                    {
                        var idf = records.Idf(f);
                        norm += idf * idf;
                    }

                    var topic = TopicMath.ClauseTopic(clause, norm, model.Bias, otherIndex, model.Metadata.TopicThreshold);
                    if (topic >= 0)
                    {
                        topics |= 1 << topic;
                    }
                }

                i = end;
            }

            return System.Numerics.BitOperations.PopCount((uint)topics);
        }

        public void Marker()
        {
            if (++Markers == 2)
            {
                _laterItemsFrom = _ngrams;
            }
        }
    }
}
