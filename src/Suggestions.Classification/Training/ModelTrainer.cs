using System.Globalization;
using Suggestions.Classification.Features;
using Suggestions.Classification.Model;
using Suggestions.Classification.Text;

namespace Suggestions.Classification.Training;

/// <summary>The outcome of a training run: the model, ready to save or use.</summary>
public sealed class TrainingResult
{
    internal TrainingResult(NgramModel model) => Model = model;

    internal NgramModel Model { get; }

    /// <summary>
    /// The training texts' out-of-fold category scores (before calibration) and labels, which the model's own
    /// calibration was fitted on; null for a model read from a file. A recalibration can keep part of its
    /// weight on them (<see cref="RecalibrationOptions.Anchor"/>).
    /// </summary>
    public CalibrationAnchor? OutOfFold { get; init; }

    public string Version => Model.Metadata.Version;

    public ModelMetadata Metadata => Model.Metadata;

    public void Save(Stream stream) => Model.Save(stream);

    public void Save(string path)
    {
        using var stream = File.Create(path);
        Save(stream);
    }

    public NgramClassifier ToClassifier(DistrictDetector districts, NgramClassifierOptions? options = null) =>
        new(Model, districts, options);
}

/// <summary>
/// Trains the n-gram model. The category model and the hint models are fitted on the training examples
/// only; calibration (temperature), the review threshold and the hint thresholds are chosen on
/// out-of-fold predictions of the same examples (k-fold cross-fitting), so no separate data is needed for
/// them and the development set stays untouched for evaluation.
/// </summary>
public static class ModelTrainer
{
    /// <summary>The hints learnt from the corpus labels (too_long is a length rule).</summary>
    public static IReadOnlyList<string> LearnedHints { get; } =
        [HintCodes.MultiIssue, HintCodes.PersonalGrievance, HintCodes.OutsideRemit, HintCodes.NotFeasibleThisYear, HintCodes.Unclear];

    /// <summary>Suffix of the name of a category's second lexicon group (<see cref="TrainingOptions.BroadSeparate"/>).</summary>
    public const string BroadGroupSuffix = "+broad";

    /// <summary>Whether a lexicon group holds an area's terms (not a criteria cue's).</summary>
    public static bool IsAreaGroup(LexiconGroup group)
    {
        ArgumentNullException.ThrowIfNull(group);
        return CategoryCodes.All.Contains(CategoryOfGroup(group.Name));
    }

    /// <summary>The category a lexicon group's name stands for (<c>transport+broad</c> → <c>transport</c>); a cue's name is returned as it is.</summary>
    private static string CategoryOfGroup(string name) =>
        name.EndsWith(BroadGroupSuffix, StringComparison.Ordinal) ? name[..^BroadGroupSuffix.Length] : name;

    /// <summary>The lexicon index of a model's groups: with longest match, over the area groups.</summary>
    internal static LexiconIndex LexiconIndexFor(IReadOnlyList<LexiconGroup> groups, bool longestTermMatch) =>
        new(groups, longestTermMatch ? IsAreaGroup : null);

    /// <summary>
    /// Default lexicon: one group per category (named by its code; with <see cref="TrainingOptions.BroadMerge"/>
    /// holding the broad terms too), then with <see cref="TrainingOptions.BroadSeparate"/> one broad group per
    /// category (<c>code+broad</c>), then the criteria cues.
    /// </summary>
    public static IReadOnlyList<LexiconGroup> DefaultLexicon(TrainingOptions? options = null)
    {
        options ??= new TrainingOptions();
        var mode = options.BroadLexicon;
        if (mode is not (TrainingOptions.BroadNone or TrainingOptions.BroadMerge or TrainingOptions.BroadSeparate))
        {
            throw new ArgumentException($"Unknown broad-lexicon mode '{mode}' (none, merge or separate).", nameof(options));
        }

        var broadTerms = options.BroadTerms ?? BroadLexicon.Terms;
        IReadOnlyList<string> Broad(string category) => broadTerms.TryGetValue(category, out var terms) ? terms : [];
        var broadCues = options.BroadCueTerms ?? BroadLexicon.Cues;
        IReadOnlyList<string> BroadCue(string cue) => broadCues.TryGetValue(cue, out var terms) ? terms : [];
        var categories = CategoryCodes.All.Where(CategoryLexicon.Terms.ContainsKey).ToArray();
        return
        [
            .. categories.Select(c => new LexiconGroup(c, mode == TrainingOptions.BroadMerge ? [.. CategoryLexicon.Terms[c], .. Broad(c)] : CategoryLexicon.Terms[c])),
            .. mode == TrainingOptions.BroadSeparate
                ? categories.Where(c => Broad(c).Count > 0).Select(c => new LexiconGroup(c + BroadGroupSuffix, Broad(c)))
                : [],
            .. CueLexicon.Terms.Select(kv => new LexiconGroup(kv.Key, options.BroadCues ? [.. kv.Value, .. BroadCue(kv.Key)] : kv.Value)),
        ];
    }

    public static async Task<TrainingResult> TrainAsync(
        IEnumerable<LabeledProposal> corpus,
        ICorrectionSource? corrections,
        TrainingOptions? options = null,
        Action<string>? log = null,
        CancellationToken cancellationToken = default)
    {
        options ??= new TrainingOptions();
        var list = new List<Correction>();
        if (corrections is not null)
        {
            await foreach (var correction in corrections.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                list.Add(correction);
            }
        }

        var examples = CorrectionMerger.Merge(corpus, list, options.CorrectionWeight, out var summary);
        log?.Invoke($"corrections: {summary.Corrections} read, {summary.Overridden} override corpus texts, {summary.Added} added, {summary.Ignored} superseded");
        return Train(examples, options, log);
    }

    /// <summary>Everything the category model is fitted on: vocabulary, per-text features, folds.</summary>
    private sealed class Problem
    {
        public required IReadOnlyList<TrainingExample> Examples { get; init; }

        public required int[] Labels { get; init; }

        public required IReadOnlyList<LexiconGroup> Groups { get; init; }

        public required ulong[] Vocabulary { get; init; }

        public required float[] Idf { get; init; }

        public required int LexiconOffset { get; init; }

        public required int StructureOffset { get; init; }

        /// <summary>First lexicon group that is a criteria cue rather than an area.</summary>
        public required int CueOffset { get; init; }

        public required int FeatureCount { get; init; }

        public required Doc[] Docs { get; init; }

        public required SparseRows CategoryRows { get; init; }

        /// <summary>Rows of <see cref="CategoryRows"/> after the texts' rows: lexicon terms, training side only.</summary>
        public required int[] TermRows { get; init; }

        public required List<int[]> Folds { get; init; }

        /// <summary>Fold of each text (index into <see cref="Folds"/>).</summary>
        public required int[] FoldOf { get; init; }

        /// <summary>
        /// Introduced copies (<see cref="TrainingOptions.IntroShare"/>), training side only: their rows of
        /// <see cref="CategoryRows"/> (after the term rows; none when <see cref="TrainingOptions.IntroCategoryWeight"/>
        /// is 0), the text each copies, and their features (for the hint models).
        /// </summary>
        public required int[] IntroRows { get; init; }

        public required int[] IntroSources { get; init; }

        public required Doc[] IntroDocs { get; init; }

        public required int Classes { get; init; }

        /// <summary>
        /// The rows a model is fitted on: the texts given, the term rows, and the introduced and cropped copies of those texts.
        /// </summary>
        public int[] TrainingRows(IReadOnlyCollection<int> texts)
        {
            var included = texts as ISet<int> ?? texts.ToHashSet();
            return [.. texts, .. TermRows, .. IntroRows.Where((_, j) => included.Contains(IntroSources[j])), .. CropRows.Where((_, j) => included.Contains(CropSources[j]))];
        }

        /// <summary>
        /// The category model's own copies: cropped (<see cref="TrainingOptions.CropShare"/>), then with a neutral sentence
        /// (<see cref="TrainingOptions.NeutralShare"/>); their rows of <see cref="CategoryRows"/>, after the introduced copies'.
        /// </summary>
        public required int[] CropRows { get; init; }

        /// <summary>The text each of <see cref="CropRows"/> was made from.</summary>
        public required int[] CropSources { get; init; }

        /// <summary>How many of <see cref="CropRows"/> (the last ones) are copies with a neutral sentence.</summary>
        public int NeutralCopies { get; init; }
    }

    private static Problem Prepare(IReadOnlyList<TrainingExample> examples, TrainingOptions options, Action<string> log)
    {
        RequireKnownOptions(options); // refused before minutes of fitting, not after

        var categories = CategoryCodes.All;
        var labels = examples.Select(e => IndexOf(categories, e.Category)).ToArray();
        if (labels.Any(l => l < 0))
        {
            throw new ArgumentException("An example has an unknown category.", nameof(examples));
        }

        // The canonical form (the classifier's masks of NormalizeForClassification are not applied: see there); without the
        // words that name the call itself only if asked (CampaignTermsInTraining), since the classifier skips them anyway;
        // without the courtesy formulas, if any are given, and without closing formulas where they end a content (ClosingTerms).
        // A salutation that opens the content is the classifier's alone to skip (Salutations): the trainer reads it.
        var unread = new TermMask((options.CampaignTermsInTraining ? options.CampaignTerms : []).Concat(options.CourtesyTerms));
        var closing = new ClosingMask(options.ClosingTerms);
        string Read(string part) => unread.Apply(TextNormalizer.Normalize(part));
        string ReadContent(string part) => closing.Apply(Read(part));
        var titles = examples.Select(e => Read(e.Title)).ToArray();
        var texts = examples.Select((e, i) => titles[i] + "\n" + ReadContent(e.Text)).ToArray();
        var groups = DefaultLexicon(options);
        if (options.BroadLexicon != TrainingOptions.BroadNone && options.BroadTermMinAgreement > 0)
        {
            groups = DropContradictedBroadTerms(groups, texts, examples, options, log);
        }

        var lexicon = LexiconIndexFor(groups, options.LongestTermMatch);
        var terms = options.TermExampleWeight > 0 ? TermExamples(groups, categories) : [];

        // Vocabulary: n-grams by document frequency. A corrected text's n-grams are always kept, or a
        // correction could not teach the model a word it had not seen twice.
        var df = new Dictionary<ulong, int>();
        var mustKeep = new HashSet<ulong>();
        var textHashes = options.HiddenNgramOrder == TrainingOptions.InformationOrder || options.WriterFloor < 1 ? new HashSet<ulong>[texts.Length] : null;
        for (var i = 0; i < texts.Length; i++)
        {
            var sink = new VocabularySink(new HashSet<ulong>());
            TextScanner.Scan(texts[i], null, ref sink, options.NGramMax);
            if (textHashes is not null)
            {
                textHashes[i] = sink.Hashes;
            }

            foreach (var hash in sink.Hashes)
            {
                df[hash] = df.GetValueOrDefault(hash) + 1;
                if (!examples[i].HasHintLabels)
                {
                    mustKeep.Add(hash);
                }
            }
        }

        // A term example's n-grams are kept too: teaching them is what the term rows are for.
        foreach (var (term, _) in terms)
        {
            var sink = new VocabularySink(new HashSet<ulong>());
            TextScanner.Scan(term, null, ref sink, options.NGramMax);
            foreach (var hash in sink.Hashes)
            {
                df.TryAdd(hash, 0);
                mustKeep.Add(hash);
            }
        }

        var vocabulary = df
            .Where(kv => kv.Value >= options.MinDocumentFrequency || mustKeep.Contains(kv.Key))
            .OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key)
            .Take(options.MaxFeatures)
            .Select(kv => kv.Key)
            .ToArray();
        if (textHashes is not null && options.HiddenNgramOrder == TrainingOptions.InformationOrder && options.HiddenUnits + options.HintHiddenUnits > 0)
        {
            vocabulary = InformativeFirst(vocabulary, textHashes, labels, categories.Count, Math.Min(options.HiddenNgrams, vocabulary.Length));
            log($"the layers read the {Math.Min(options.HiddenNgrams, vocabulary.Length)} n-grams that say the most about the category");
        }

        var idf = vocabulary.Select(h => (float)(Math.Log((texts.Length + 1.0) / (df[h] + 1.0)) + 1)).ToArray();
        if (textHashes is not null && options.WriterFloor < 1)
        {
            var carried = WriterCarriedShare(vocabulary, textHashes, labels, [.. examples.Select(e => e.Writer)], categories.Count);
            for (var j = 0; j < idf.Length; j++)
            {
                idf[j] = (float)(idf[j] * (options.WriterFloor + ((1 - options.WriterFloor) * carried[j])));
            }

            var sorted = carried.Order().ToArray();
            log($"n-grams weighed by how their category carries across writers: share carried median {sorted[sorted.Length / 2]:F2}, "
                + $"below one half for {sorted.Count(r => r < 0.5)} of {sorted.Length}; floor {options.WriterFloor}");
        }

        var vocabularyIndex = new HashIndex(vocabulary);
        var v = vocabulary.Length;
        var lexiconOffset = v;
        var structureOffset = v + groups.Count;
        var featureCount = structureOffset + FeatureLayout.StructureCount;
        log($"examples: {examples.Count} ({examples.Count(e => !e.HasHintLabels)} from corrections), vocabulary: {v} n-grams, features: {featureCount}");

        var docs = new Doc[texts.Length];
        for (var i = 0; i < texts.Length; i++)
        {
            docs[i] = Doc.Extract(texts[i], titles[i].Length, vocabularyIndex, idf, lexicon, groups.Count, options);
        }

        var cueOffset = lexiconOffset + groups.Count(IsAreaGroup);
        var categoryRows = new SparseRows();
        int AlsoMask(int i)
        {
            var also = 0;
            foreach (var a in examples[i].Also)
            {
                var index = IndexOf(categories, a);
                if (index >= 0 && index != labels[i])
                {
                    also |= 1 << index;
                }
            }

            return also;
        }

        void AddCategoryRow(Doc doc, int i, double weight) => categoryRows.Add(
            doc.Features(lexiconOffset, structureOffset, includeTopics: false)
                .Where(x => options.CategoryStructure || x.Item1 < structureOffset)
                .Where(x => options.CategoryCues || x.Item1 < cueOffset || x.Item1 >= structureOffset)
                .Select(x => (x.Item1, x.Item1 >= lexiconOffset && x.Item1 < structureOffset ? (float)(x.Item2 * options.LexiconScale) : x.Item2)),
            labels[i],
            (float)weight,
            AlsoMask(i));

        for (var i = 0; i < docs.Length; i++)
        {
            AddCategoryRow(docs[i], i, examples[i].Weight);
        }

        // Term rows: the n-grams of one lexicon term, nothing else (the group features are learnt from texts).
        var termRows = new int[terms.Count];
        for (var t = 0; t < terms.Count; t++)
        {
            var doc = Doc.Extract(terms[t].Term, 0, vocabularyIndex, idf, lexicon, groups.Count, options);
            termRows[t] = docs.Length + t;
            categoryRows.Add(doc.Features(lexiconOffset, structureOffset, includeTopics: false).Where(x => x.Item1 < lexiconOffset), terms[t].Label, (float)options.TermExampleWeight, 0);
        }

        if (terms.Count > 0)
        {
            log($"term examples: {terms.Count} at weight {options.TermExampleWeight:G3}");
        }

        // Introduced copies of corpus texts (not of corrections, whose hints are unknown), after the term rows.
        var introRows = new List<int>();
        var introSources = new List<int>();
        var introDocs = new List<Doc>();
        if (options.IntroShare > 0)
        {
            var random = new Random(options.Seed ^ 0x51f7);
            for (var i = 0; i < docs.Length; i++)
            {
                if (!examples[i].HasHintLabels || random.NextDouble() >= options.IntroShare)
                {
                    continue;
                }

                var doc = Doc.Extract(titles[i] + "\n" + ReadContent(SelfIntroductions.Introduce(examples[i].Text, random)), titles[i].Length, vocabularyIndex, idf, lexicon, groups.Count, options);
                introSources.Add(i);
                introDocs.Add(doc);
                if (options.IntroCategoryWeight > 0)
                {
                    introRows.Add(categoryRows.Count);
                    AddCategoryRow(doc, i, examples[i].Weight * options.IntroCategoryWeight);
                }
            }

            log(string.Create(CultureInfo.InvariantCulture, $"introduced copies: {introDocs.Count}, weight {options.IntroWeight:G3} in the hint models, {options.IntroCategoryWeight:G3} in the category model"));
        }

        // Cropped copies of corpus texts and corrections, for the category model only, after the introduced copies.
        var cropRows = new List<int>();
        var cropSources = new List<int>();
        if (options.CropShare > 0)
        {
            var random = new Random(options.Seed ^ 0xC207);
            var otherLabel = IndexOf(categories, CategoryCodes.Other);

            // Each category's own lexicon groups (its curated terms, and its broad ones wherever they are a group of their own).
            var ownGroups = categories.Select(c => Enumerable.Range(0, groups.Count).Where(g => CategoryOfGroup(groups[g].Name) == c).ToArray()).ToArray();
            for (var i = 0; i < docs.Length; i++)
            {
                if (random.NextDouble() >= options.CropShare)
                {
                    continue;
                }

                var own = ownGroups[labels[i]];
                var candidates = new List<Doc>();
                foreach (var window in TextCrops.Windows(examples[i].Text, options.CropMinChars, options.CropMaxChars))
                {
                    var doc = Doc.Extract("\n" + ReadContent(window), 0, vocabularyIndex, idf, lexicon, groups.Count, options);
                    if (labels[i] == otherLabel || own.Any(doc.HasLexicon))
                    {
                        candidates.Add(doc);
                    }
                }

                if (candidates.Count > 0)
                {
                    cropSources.Add(i);
                    cropRows.Add(categoryRows.Count);
                    AddCategoryRow(candidates[random.Next(candidates.Count)], i, examples[i].Weight * options.CropWeight);
                }
            }

            log(string.Create(CultureInfo.InvariantCulture, $"cropped copies: {cropRows.Count}, weight {options.CropWeight:G3} in the category model"));
        }

        // Copies of area texts with a neutral sentence of another corpus text (NeutralShare), for the category model only, after
        // the cropped copies; they train wherever their text trains, as those do.
        var neutralCopies = 0;
        if (options.NeutralShare > 0)
        {
            var random = new Random(options.Seed ^ 0x2E57);
            var otherLabel = IndexOf(categories, CategoryCodes.Other);
            var areaGroups = Enumerable.Range(0, groups.Count).Where(g => IsAreaGroup(groups[g])).ToArray();
            var pool = NeutralSentences(examples, sentence => !areaGroups.Any(Doc.Extract("\n" + ReadContent(sentence), 0, vocabularyIndex, idf, lexicon, groups.Count, options).HasLexicon), options);
            // Another text's sentence must exist for every text (a pool from one text alone gives none).
            var fromTwoTexts = pool.Select(x => x.Source).Distinct().Skip(1).Any();
            for (var i = 0; i < docs.Length && fromTwoTexts; i++)
            {
                if (!examples[i].HasHintLabels || labels[i] == otherLabel || random.NextDouble() >= options.NeutralShare)
                {
                    continue;
                }

                var (sentence, source) = pool[random.Next(pool.Count)];
                while (source == i)
                {
                    (sentence, source) = pool[random.Next(pool.Count)];
                }

                var framed = random.Next(2) == 0 ? sentence + examples[i].Text : examples[i].Text + sentence;
                cropSources.Add(i);
                cropRows.Add(categoryRows.Count);
                AddCategoryRow(Doc.Extract(titles[i] + "\n" + ReadContent(framed), titles[i].Length, vocabularyIndex, idf, lexicon, groups.Count, options), i, examples[i].Weight * options.NeutralWeight);
                neutralCopies++;
            }

            log(string.Create(CultureInfo.InvariantCulture, $"neutral-sentence copies: {neutralCopies} (a pool of {pool.Count} sentences), weight {options.NeutralWeight:G3} in the category model"));
        }

        var folds = options.BlockedFolds ? BlockedFolds(examples, labels, Math.Max(2, options.Folds)) : StratifiedFolds(labels, Math.Max(2, options.Folds), options.Seed);
        var foldOf = new int[docs.Length];
        for (var f = 0; f < folds.Count; f++)
        {
            foreach (var row in folds[f])
            {
                foldOf[row] = f;
            }
        }

        return new Problem
        {
            Examples = examples,
            Labels = labels,
            Classes = categories.Count,
            Groups = groups,
            Vocabulary = vocabulary,
            Idf = idf,
            LexiconOffset = lexiconOffset,
            StructureOffset = structureOffset,
            CueOffset = cueOffset,
            FeatureCount = featureCount,
            Docs = docs,
            CategoryRows = categoryRows,
            TermRows = termRows,
            Folds = folds,
            FoldOf = foldOf,
            IntroRows = [.. introRows],
            IntroSources = [.. introSources],
            IntroDocs = [.. introDocs],
            CropRows = [.. cropRows],
            CropSources = [.. cropSources],
            NeutralCopies = neutralCopies,
        };
    }

    /// <summary>
    /// The vocabulary reordered for <see cref="TrainingOptions.InformationOrder"/>: first the <paramref name="first"/> n-grams
    /// whose presence in a text tells the most about its category (information gain, over <paramref name="textHashes"/>, each
    /// text's distinct n-grams, and their <paramref name="labels"/>), then the others; each part keeps the order it had
    /// (by document frequency), and a tie in gain goes to the n-gram that came first.
    /// </summary>
    internal static ulong[] InformativeFirst(ulong[] vocabulary, IReadOnlyList<HashSet<ulong>> textHashes, IReadOnlyList<int> labels, int classes, int first)
    {
        var index = Positions(vocabulary);

        var counts = new int[vocabulary.Length * classes];
        var totals = new int[classes];
        for (var t = 0; t < textHashes.Count; t++)
        {
            totals[labels[t]]++;
            foreach (var hash in textHashes[t])
            {
                if (index.TryGetValue(hash, out var i))
                {
                    counts[(i * classes) + labels[t]]++;
                }
            }
        }

        var n = (double)textHashes.Count;
        static double Entropy(ReadOnlySpan<double> counts, double total)
        {
            var h = 0.0;
            foreach (var c in counts)
            {
                h -= c > 0 ? c / total * Math.Log(c / total) : 0;
            }

            return h;
        }

        var with = new double[classes];
        var without = new double[classes];
        var gain = new double[vocabulary.Length];
        for (var i = 0; i < vocabulary.Length; i++)
        {
            var present = 0.0;
            for (var c = 0; c < classes; c++)
            {
                with[c] = counts[(i * classes) + c];
                without[c] = totals[c] - with[c];
                present += with[c];
            }

            // H(C) is the same for every n-gram: the gain's order is that of minus the conditional entropy.
            gain[i] = -((present > 0 ? present / n * Entropy(with, present) : 0) + (n - present > 0 ? (n - present) / n * Entropy(without, n - present) : 0));
        }

        var chosen = new bool[vocabulary.Length];
        foreach (var i in Enumerable.Range(0, vocabulary.Length).OrderByDescending(i => gain[i]).ThenBy(i => i).Take(first))
        {
            chosen[i] = true;
        }

        return [.. vocabulary.Where((_, i) => chosen[i]), .. vocabulary.Where((_, i) => !chosen[i])];
    }

    /// <summary>Each vocabulary n-gram's position in <paramref name="vocabulary"/>, for the training-time statistics over texts' n-grams.</summary>
    private static Dictionary<ulong, int> Positions(ulong[] vocabulary)
    {
        var index = new Dictionary<ulong, int>(vocabulary.Length);
        for (var i = 0; i < vocabulary.Length; i++)
        {
            index[vocabulary[i]] = i;
        }

        return index;
    }

    /// <summary>The resamples' random stream of a hint's threshold (<see cref="TrainingOptions.HintThresholdResamples"/>): one per hint and fold seed.</summary>
    internal static Random HintThresholdRandom(string hint, int seed) => new(seed ^ hint.Aggregate(0xb7, (a, ch) => unchecked((a * 31) + ch)));

    /// <summary>
    /// For each vocabulary n-gram, the share of what its presence tells about a text's category that carries to writers who did
    /// not teach it (<see cref="TrainingOptions.WriterFloor"/>): with p(c|j) the category mix of the texts holding n-gram j,
    /// smoothed toward the mix of all texts (<c>(N(j,c) + 2 pi_c) / (N(j) + 2)</c>), the in-sample gain is the mean over those
    /// texts of <c>log(p(c|j) / pi_c)</c> at each text's category, and the carried gain the same mean with p learnt from the
    /// other writers' texts alone for each writer's texts. The share is carried / in-sample, clamped to [0, 1]; an n-gram whose
    /// in-sample gain is under 0.02 nats tells nothing to weaken and keeps 1. Texts of no writer count as one writer.
    /// </summary>
    internal static double[] WriterCarriedShare(ulong[] vocabulary, IReadOnlyList<HashSet<ulong>> textHashes, IReadOnlyList<int> labels, IReadOnlyList<string?> writers, int classes)
    {
        const double Smoothing = 2, MinimumGain = 0.02;
        var index = Positions(vocabulary);

        var writerOf = new int[textHashes.Count];
        var writerIds = new Dictionary<string, int>(StringComparer.Ordinal);
        var mix = new double[classes];
        for (var t = 0; t < textHashes.Count; t++)
        {
            var key = writers[t] ?? string.Empty;
            if (!writerIds.TryGetValue(key, out writerOf[t]))
            {
                writerOf[t] = writerIds[key] = writerIds.Count;
            }

            mix[labels[t]]++;
        }

        for (var c = 0; c < classes; c++)
        {
            mix[c] /= textHashes.Count;
        }

        // counts[j] holds, per writer that used n-gram j, its texts per category.
        var counts = new Dictionary<int, int[]>[vocabulary.Length];
        for (var t = 0; t < textHashes.Count; t++)
        {
            foreach (var hash in textHashes[t])
            {
                if (index.TryGetValue(hash, out var j))
                {
                    var byWriter = counts[j] ??= [];
                    if (!byWriter.TryGetValue(writerOf[t], out var row))
                    {
                        byWriter[writerOf[t]] = row = new int[classes];
                    }

                    row[labels[t]]++;
                }
            }
        }

        var share = new double[vocabulary.Length];
        var total = new double[classes];
        for (var j = 0; j < vocabulary.Length; j++)
        {
            share[j] = 1;
            if (counts[j] is not { } byWriter)
            {
                continue;
            }

            Array.Clear(total);
            foreach (var row in byWriter.Values)
            {
                for (var c = 0; c < classes; c++)
                {
                    total[c] += row[c];
                }
            }

            var n = total.Sum();
            double inSample = 0, carried = 0;
            for (var c = 0; c < classes; c++)
            {
                if (total[c] > 0)
                {
                    inSample += total[c] * Math.Log((total[c] + (Smoothing * mix[c])) / (n + Smoothing) / mix[c]);
                }
            }

            foreach (var row in byWriter.Values)
            {
                var others = n - row.Sum();
                for (var c = 0; c < classes; c++)
                {
                    if (row[c] > 0)
                    {
                        carried += row[c] * Math.Log((total[c] - row[c] + (Smoothing * mix[c])) / (others + Smoothing) / mix[c]);
                    }
                }
            }

            inSample /= n;
            carried /= n;
            share[j] = inSample < MinimumGain ? 1 : Math.Clamp(carried / inSample, 0, 1);
        }

        return share;
    }

    /// <summary>
    /// The pool of <see cref="TrainingOptions.NeutralShare"/>: every sentence (<see cref="TextCrops.Sentences"/>) of the corpus
    /// texts (not corrections) with <see cref="TrainingOptions.NeutralMinChars"/> to <see cref="TrainingOptions.NeutralMaxChars"/>
    /// non-blank characters that <paramref name="neutral"/> accepts (no area's lexicon term in it), trimmed, with the text it
    /// came from; in corpus order.
    /// </summary>
    internal static List<(string Sentence, int Source)> NeutralSentences(IReadOnlyList<TrainingExample> examples, Func<string, bool> neutral, TrainingOptions options)
    {
        var pool = new List<(string, int)>();
        for (var i = 0; i < examples.Count; i++)
        {
            if (!examples[i].HasHintLabels)
            {
                continue;
            }

            foreach (var sentence in TextCrops.Sentences(examples[i].Text))
            {
                var chars = LengthScale.NonBlank(sentence);
                if (chars >= options.NeutralMinChars && chars <= options.NeutralMaxChars && neutral(sentence))
                {
                    pool.Add((sentence.Trim(), i));
                }
            }
        }

        return pool;
    }

    /// <summary>The category model's naive Bayes part (<see cref="TrainingOptions.NaiveBayesVariant"/>: complement or multinomial).</summary>
    private static LinearWeights CategoryBayes(SparseRows data, IReadOnlyList<int> rows, int classes, int featureCount, double alpha, TrainingOptions options) =>
        options.NaiveBayesVariant == TrainingOptions.Complement
            ? NaiveBayes.TrainComplement(data, rows, classes, featureCount, alpha, options.AlsoShare)
            : NaiveBayes.Train(data, rows, classes, featureCount, alpha, options.AlsoShare);

    /// <summary>The linear models whose weighted sum is the category model: [logistic, naive Bayes], or one of them.</summary>
    private static LinearWeights[] FitParts(Problem p, IReadOnlyList<int> rows, double regularization, TrainingOptions options)
    {
        var (k, featureCount, data) = (p.Classes, p.FeatureCount, p.CategoryRows);
        LinearWeights Bayes(double alpha) => CategoryBayes(data, rows, k, featureCount, alpha, options);

        // NV: the logistic part on features scaled by the naive Bayes part's weights (its stored weights are the products).
        LinearWeights[] ScaledByBayes(LinearWeights bayes) =>
        [
            SoftmaxRegression.Train(
                data, rows, k, featureCount, regularization, options.MaxIterations, options.AlsoShare,
                SoftmaxRegression.NaiveBayesScale(bayes, data, rows, TrainingOptions.NbScaleFloor)),
            bayes,
        ];
        return options.Algorithm switch
        {
            TrainingOptions.NaiveBayes => [Bayes(regularization)],
            TrainingOptions.LogisticRegression => [SoftmaxRegression.Train(data, rows, k, featureCount, regularization, options.MaxIterations, options.AlsoShare)],
            TrainingOptions.Ensemble when options.NaiveBayesVariant == TrainingOptions.BothVariants =>
            [
                SoftmaxRegression.Train(data, rows, k, featureCount, regularization, options.MaxIterations, options.AlsoShare),
                NaiveBayes.Train(data, rows, k, featureCount, options.NaiveBayesAlpha, options.AlsoShare),
                NaiveBayes.TrainComplement(data, rows, k, featureCount, options.ComplementAlpha, options.AlsoShare),
            ],
            TrainingOptions.Ensemble when options.NbScaledLogistic => ScaledByBayes(Bayes(options.NaiveBayesAlpha)),
            TrainingOptions.Ensemble =>
            [
                SoftmaxRegression.Train(data, rows, k, featureCount, regularization, options.MaxIterations, options.AlsoShare),
                Bayes(options.NaiveBayesAlpha),
            ],
            _ => throw new ArgumentException($"Unknown algorithm '{options.Algorithm}'."),
        };
    }

    /// <summary>How the parts are added up: a weight per part and a bias shift per class.</summary>
    private sealed record Combination(double[] PartWeights, double[] BiasShift)
    {
        /// <summary>The linear parts' weighted sum (a hidden layer's weight, the last, is folded into the layer itself).</summary>
        public LinearWeights Apply(LinearWeights[] parts)
        {
            var k = parts[0].Classes;
            var weights = new float[parts[0].Weights.Length];
            var bias = new float[k];
            for (var q = 0; q < parts.Length; q++)
            {
                var (w, b, a) = (parts[q].Weights, parts[q].Bias, PartWeights[q]);
                for (var i = 0; i < weights.Length; i++)
                {
                    weights[i] += (float)(a * w[i]);
                }

                for (var c = 0; c < k; c++)
                {
                    bias[c] += (float)(a * b[c]);
                }
            }

            for (var c = 0; c < k; c++)
            {
                bias[c] += (float)BiasShift[c];
            }

            return new LinearWeights(weights, bias, k);
        }

        public double[] Logits(double[][] partLogits)
        {
            var z = (double[])BiasShift.Clone();
            for (var q = 0; q < partLogits.Length; q++)
            {
                for (var c = 0; c < z.Length; c++)
                {
                    z[c] += PartWeights[q] * partLogits[q][c];
                }
            }

            return z;
        }
    }

    /// <summary>
    /// The fixed combination (logistic + <see cref="TrainingOptions.NaiveBayesMix"/> × naive Bayes), or —
    /// with <see cref="TrainingOptions.Stacking"/> — the part weights and class bias shifts that minimise the
    /// log-loss of the given out-of-fold part logits (so the data decide how much each model counts, and
    /// the class priors are corrected where the models are biased).
    /// </summary>
    private static Combination FitCombination(double[][][] partLogits, int[] rows, int[] labels, int classes, TrainingOptions options)
    {
        var parts = partLogits.Length;
        var initial = new double[parts];
        for (var q = 0; q < parts; q++)
        {
            initial[q] = q == 0 ? 1 : options.NaiveBayesMix;
        }

        if (!options.Stacking)
        {
            return new Combination(initial, new double[classes]);
        }

        // Part weights are exp(x[q]): a model in the ensemble may count little, but never against itself.
        var z = new double[classes];
        var residual = new double[classes];
        var weight = new double[parts];
        double Objective(double[] x, double[] gradient)
        {
            Array.Clear(gradient);
            for (var q = 0; q < parts; q++)
            {
                weight[q] = Math.Exp(Math.Clamp(x[q], -30, 30));
            }

            var loss = 0.0;
            foreach (var r in rows)
            {
                for (var c = 0; c < classes; c++)
                {
                    z[c] = x[parts + c];
                    for (var q = 0; q < parts; q++)
                    {
                        z[c] += weight[q] * partLogits[q][r][c];
                    }
                }

                loss += Calibration.SoftmaxLoss(z, labels[r], residual);
                for (var c = 0; c < classes; c++)
                {
                    var d = residual[c];
                    gradient[parts + c] += d / rows.Length;
                    for (var q = 0; q < parts; q++)
                    {
                        gradient[q] += d * partLogits[q][r][c] / rows.Length;
                    }
                }
            }

            loss /= rows.Length;
            for (var q = 0; q < parts; q++)
            {
                gradient[q] *= weight[q];
            }

            for (var c = 0; c < classes; c++)
            {
                loss += 0.5 * options.BiasShiftRegularization * x[parts + c] * x[parts + c];
                gradient[parts + c] += options.BiasShiftRegularization * x[parts + c];
            }

            return loss;
        }

        var start = new double[parts + classes];
        for (var q = 0; q < parts; q++)
        {
            start[q] = Math.Log(Math.Max(initial[q], 1e-3) / 3);
        }

        var solution = Lbfgs.Minimize(Objective, start, 200);
        var shift = solution[parts..];
        var mean = shift.Average();
        return new Combination([.. solution[..parts].Select(x => Math.Exp(Math.Clamp(x, -30, 30)))], [.. shift.Select(x => x - mean)]);
    }

    /// <summary>
    /// The scores the category layer is fitted on top of with <see cref="TrainingOptions.HiddenResidual"/> (thirtieth session,
    /// RL), per row of <see cref="Problem.CategoryRows"/>: each corpus text's out-of-fold naive Bayes logits (the category model's
    /// naive Bayes part, fitted per fold without the text) divided by the temperature that fits them best over all texts; rows
    /// that are not texts (copies, term rows) get none. Null when the option is off or there is no layer.
    /// </summary>
    private static double[]?[]? ResidualOffsets(Problem p, TrainingOptions options)
    {
        if (!options.HiddenResidual || options.HiddenUnits <= 0)
        {
            return null;
        }

        var (folds, n) = (p.Folds, p.Docs.Length);
        var logits = new double[n][];
        Parallel.For(
            0,
            folds.Count,
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.Parallelism) },
            f =>
            {
                var bayes = CategoryBayes(p.CategoryRows, p.TrainingRows(Complement(folds, f, n)), p.Classes, p.FeatureCount, options.NaiveBayesAlpha, options);
                foreach (var row in folds[f])
                {
                    logits[row] = bayes.Logits(p.CategoryRows, row);
                }
            });
        var temperature = Calibration.FitTemperature(logits, p.Labels);
        var offsets = new double[]?[p.CategoryRows.Count];
        for (var i = 0; i < n; i++)
        {
            offsets[i] = [.. logits[i].Select(z => z / temperature)];
        }

        return offsets;
    }

    /// <summary>
    /// Cross-fitting: every example gets part logits from models that did not see it, per regularisation
    /// candidate: [candidate][part][row].
    /// </summary>
    private static (LinearWeights[,][] FoldParts, double[][][][] OutOfFold) CrossFit(Problem p, TrainingOptions options, double[]?[]? offsets)
    {
        var grid = options.RegularizationGrid;
        var folds = p.Folds;
        var n = p.Docs.Length;
        var linearParts = options.Algorithm != TrainingOptions.Ensemble ? 1 : options.NaiveBayesVariant == TrainingOptions.BothVariants ? 3 : 2;
        var partCount = options.HiddenUnits > 0 ? linearParts + 1 : linearParts;
        var foldParts = new LinearWeights[grid.Count, folds.Count][];
        var outOfFold = new double[grid.Count][][][];

        // The hidden layer (TrainingOptions.HiddenUnits) is the last part; it does not depend on the regularisation, so each
        // fold's is fitted once.
        var hiddenByFold = Enumerable.Range(0, folds.Count)
            .Select(f => new Lazy<HiddenLayerTrainer?>(() => options.HiddenUnits > 0
                ? HiddenLayerTrainer.Fit(p.CategoryRows, p.TrainingRows(Complement(folds, f, n)), p.Classes, p.LexiconOffset, p.Groups.Count, options, pool: options.HiddenPool, inputDropout: options.HiddenInputDropout, offsets: offsets, labelSmoothing: options.HiddenLabelSmoothing)
                : null))
            .ToArray();
        for (var g = 0; g < grid.Count; g++)
        {
            outOfFold[g] = new double[partCount][][];
            for (var q = 0; q < partCount; q++)
            {
                outOfFold[g][q] = new double[n][];
            }
        }

        Parallel.ForEach(
            Enumerable.Range(0, grid.Count * folds.Count),
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.Parallelism) },
            job =>
            {
                var (g, f) = (job / folds.Count, job % folds.Count);
                var parts = FitParts(p, p.TrainingRows(Complement(folds, f, n)), grid[g], options);
                foldParts[g, f] = parts;
                var hidden = hiddenByFold[f].Value;
                foreach (var row in folds[f])
                {
                    for (var q = 0; q < linearParts; q++)
                    {
                        outOfFold[g][q][row] = parts[q].Logits(p.CategoryRows, row);
                    }

                    if (hidden is not null)
                    {
                        outOfFold[g][linearParts][row] = hidden.Logits(p.CategoryRows, row);
                    }
                }
            });
        return (foldParts, outOfFold);
    }

    /// <summary>Per example, <see cref="LengthScale.Covariate"/> of its title and text as the classifier counts them.</summary>
    private static double[] LengthCovariates(IReadOnlyList<TrainingExample> examples) =>
        [.. examples.Select(e => LengthScale.Covariate(LengthScale.NonBlank(e.Title) + LengthScale.NonBlank(e.Text)))];

    /// <summary>
    /// Out-of-fold quality of the category model alone (no final fit, no hints): for design decisions.
    /// Accuracy, macro-F1 and recall use the out-of-fold answers; the calibration figures use a
    /// temperature and isotonic map fitted on the other folds' out-of-fold answers.
    /// </summary>
    public static IReadOnlyList<(double Regularization, Evaluation.EvaluationReport Report, double LogLoss, IReadOnlyList<(LabeledProposal Gold, ClassificationResult Predicted)> Answers)> CrossValidate(
        IReadOnlyList<TrainingExample> examples, TrainingOptions? options = null, Action<string>? log = null)
    {
        ArgumentNullException.ThrowIfNull(examples);
        options ??= new TrainingOptions();
        log ??= _ => { };
        var p = Prepare(examples, options, log);
        var (_, outOfFold) = CrossFit(p, options, ResidualOffsets(p, options));
        var categories = CategoryCodes.All;
        var results = new List<(double, Evaluation.EvaluationReport, double, IReadOnlyList<(LabeledProposal, ClassificationResult)>)>();
        var n = p.Docs.Length;
        var covariates = LengthCovariates(examples);
        for (var g = 0; g < outOfFold.Length; g++)
        {
            var partLogits = outOfFold[g];
            var all = Enumerable.Range(0, n).ToArray();
            var combination = FitCombination(partLogits, all, p.Labels, p.Classes, options);
            var oofAll = all.Select(i => combination.Logits([.. partLogits.Select(part => part[i])])).ToArray();
            log(string.Create(CultureInfo.InvariantCulture, $"combination: parts {string.Join(", ", combination.PartWeights.Select(x => x.ToString("F3", CultureInfo.InvariantCulture)))}; bias shift {string.Join(" ", combination.BiasShift.Select(x => x.ToString("F2", CultureInfo.InvariantCulture)))}"));
            var oof = new double[n][];
            var pairs = new (LabeledProposal, ClassificationResult)[n];
            for (var f = 0; f < p.Folds.Count; f++)
            {
                var others = Complement(p.Folds, f, n);

                // The combination, temperature and isotonic map are fitted on the other folds only.
                var foldCombination = FitCombination(partLogits, others, p.Labels, p.Classes, options);
                foreach (var i in all)
                {
                    oof[i] = foldCombination.Logits([.. partLogits.Select(part => part[i])]);
                }

                var (shift, classWeight) = PriorCorrection(p.Labels, others, p.Classes, options);
                if (options.LengthScale)
                {
                    // The length's slope too is fitted on the other folds only (TrainingOptions.LengthScale).
                    var (slope, _) = Calibration.FitLengthSlope(
                        [.. others.Select(i => oof[i])], [.. others.Select(i => p.Labels[i])], [.. others.Select(i => covariates[i])], [.. others.Select(i => classWeight[p.Labels[i]])]);
                    foreach (var i in all)
                    {
                        oof[i] = Calibration.Scale(oof[i], Math.Exp(slope * covariates[i]));
                    }
                }

                foreach (var i in all)
                {
                    for (var c = 0; c < p.Classes; c++)
                    {
                        oof[i][c] += shift[c];
                    }
                }

                var map = CalibrationMap.Fit([.. others.Select(i => oof[i])], [.. others.Select(i => p.Labels[i])], options.Isotonic, weights: [.. others.Select(i => classWeight[p.Labels[i]])]);
                foreach (var i in p.Folds[f])
                {
                    var probabilities = map.Probabilities(oof[i]);
                    // The top score, as the classifier takes it: the isotonic cap can tie calibrated probabilities, not scores.
                    var best = Calibration.ArgMax(oof[i]);
                    var e = examples[i];
                    pairs[i] = (
                        new LabeledProposal(e.Source, e.Title, e.Text, e.Category, e.Also, e.Hints, null),
                        new ClassificationResult(categories[best], probabilities[best], false, [], [], [], null, "cv"));
                }
            }

            var temperatureAll = Calibration.FitTemperature(oofAll, p.Labels);
            results.Add((options.RegularizationGrid[g], Evaluation.Evaluator.Evaluate(pairs), Calibration.LogLoss(oofAll, p.Labels, temperatureAll), pairs));
        }

        return results;
    }

    /// <summary>
    /// The shift of each category's score that replaces the training rows' category mix by the one
    /// <see cref="TrainingOptions.Prior"/> asks for (ln target share − ln training share, centred), and the weight
    /// per category that gives the training rows that mix in a calibration fit (1 on average over the rows).
    /// With <see cref="TrainingOptions.CorpusPrior"/>: no shift, weight 1.
    /// </summary>
    internal static (double[] Shift, double[] ClassWeight) PriorCorrection(int[] labels, IEnumerable<int> rows, int classes, TrainingOptions options)
    {
        RequireKnownOptions(options);
        var shift = new double[classes];
        var weight = Enumerable.Repeat(1.0, classes).ToArray();
        if (options.Prior == TrainingOptions.CorpusPrior)
        {
            return (shift, weight);
        }

        var counts = new double[classes];
        foreach (var r in rows)
        {
            counts[labels[r]]++;
        }

        var total = counts.Sum();
        for (var c = 0; c < classes; c++)
        {
            // A category absent from the rows keeps its score and weight: there is no share to correct.
            if (counts[c] > 0)
            {
                var share = counts[c] / total;
                shift[c] = Math.Log(1.0 / classes) - Math.Log(share);
                weight[c] = 1.0 / classes / share;
            }
        }

        var mean = shift.Average();
        return ([.. shift.Select(x => x - mean)], weight);
    }

    private static void RequireKnownOptions(TrainingOptions options)
    {
        if (options.Prior is not (TrainingOptions.CorpusPrior or TrainingOptions.UniformPrior))
        {
            throw new ArgumentException($"Unknown prior '{options.Prior}' ({TrainingOptions.CorpusPrior} or {TrainingOptions.UniformPrior}).", nameof(options));
        }

        foreach (var pool in (ReadOnlySpan<string>)[options.HiddenPool, options.HintHiddenPool])
        {
            if (pool is not (TrainingOptions.SumPool or TrainingOptions.SumMaxPool or TrainingOptions.SumTopTwoPool or TrainingOptions.SumMaxMinPool))
            {
                throw new ArgumentException($"Unknown pooling '{pool}' ({TrainingOptions.SumPool}, {TrainingOptions.SumMaxPool}, {TrainingOptions.SumTopTwoPool} or {TrainingOptions.SumMaxMinPool}).", nameof(options));
            }
        }

        if (options.HiddenInputDropout is < 0 or >= 1 || double.IsNaN(options.HiddenInputDropout))
        {
            throw new ArgumentException($"The n-gram dropout must be at least 0 and below 1 (was {options.HiddenInputDropout}).", nameof(options));
        }

        if (options.NbScaledLogistic && (options.Algorithm != TrainingOptions.Ensemble || options.NaiveBayesVariant == TrainingOptions.BothVariants))
        {
            throw new ArgumentException("The logistic part scaled by naive Bayes needs the two-part ensemble (one naive Bayes variant).", nameof(options));
        }

        if (options.HiddenLabelSmoothing is < 0 or >= 1 || double.IsNaN(options.HiddenLabelSmoothing))
        {
            throw new ArgumentException($"The layer's label smoothing must be at least 0 and below 1 (was {options.HiddenLabelSmoothing}).", nameof(options));
        }

        if (options.HiddenAverageFrom < 0 || options.HiddenAverageFrom > options.HiddenEpochs)
        {
            throw new ArgumentException($"The first averaged epoch must be from 1 to the epochs ({options.HiddenEpochs}), or 0 for none (was {options.HiddenAverageFrom}).", nameof(options));
        }

        if (options.HintThresholdResamples < 0)
        {
            throw new ArgumentException($"The hint thresholds' resamples must be 0 or more (was {options.HintThresholdResamples}).", nameof(options));
        }

        if (options.WriterFloor is < 0 or > 1 || double.IsNaN(options.WriterFloor))
        {
            throw new ArgumentException($"The writer floor must be from 0 to 1 (was {options.WriterFloor}).", nameof(options));
        }

        if (options.HiddenNgramOrder is not (TrainingOptions.FrequencyOrder or TrainingOptions.InformationOrder))
        {
            throw new ArgumentException($"Unknown n-gram order '{options.HiddenNgramOrder}' ({TrainingOptions.FrequencyOrder} or {TrainingOptions.InformationOrder}).", nameof(options));
        }

        if (options.NeutralShare is < 0 or > 1 || double.IsNaN(options.NeutralShare) || options.NeutralWeight is <= 0 || double.IsNaN(options.NeutralWeight))
        {
            throw new ArgumentException($"The neutral-sentence share must be from 0 to 1 and its weight above 0 (were {options.NeutralShare}, {options.NeutralWeight}).", nameof(options));
        }

        // A misspelt hint would silently get no layer.
        if (options.HintHiddenCodes.FirstOrDefault(code => !LearnedHints.Contains(code)) is { } unknown)
        {
            throw new ArgumentException($"Unknown hint '{unknown}' for a hidden layer ({string.Join(", ", LearnedHints)}).", nameof(options));
        }

        if (options.HintNbScaledCodes.FirstOrDefault(code => !LearnedHints.Contains(code)) is { } unscalable)
        {
            throw new ArgumentException($"Unknown hint '{unscalable}' for a logistic part scaled by naive Bayes ({string.Join(", ", LearnedHints)}).", nameof(options));
        }
    }

    public static TrainingResult Train(IReadOnlyList<TrainingExample> examples, TrainingOptions? options = null, Action<string>? log = null)
    {
        ArgumentNullException.ThrowIfNull(examples);
        options ??= new TrainingOptions();
        log ??= _ => { };
        var categories = CategoryCodes.All;
        var k = categories.Count;
        var otherIndex = k - 1;
        var p = Prepare(examples, options, log);
        var (labels, groups, vocabulary, idf, docs, folds) = (p.Labels, p.Groups, p.Vocabulary, p.Idf, p.Docs, p.Folds);
        var (v, lexiconOffset, structureOffset, featureCount) = (vocabulary.Length, p.LexiconOffset, p.StructureOffset, p.FeatureCount);
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.Parallelism) };
        var grid = options.RegularizationGrid;
        var offsets = ResidualOffsets(p, options);
        var (foldParts, outOfFoldParts) = CrossFit(p, options, offsets);
        var all = Enumerable.Range(0, docs.Length).ToArray();
        var combinations = new Combination[grid.Count];
        var outOfFold = new double[grid.Count][][];
        var best = -1;
        var bestTemperature = 1.0;
        var bestLoss = double.MaxValue;
        for (var g = 0; g < grid.Count; g++)
        {
            var parts = outOfFoldParts[g];
            combinations[g] = FitCombination(parts, all, labels, k, options);
            outOfFold[g] = [.. all.Select(i => combinations[g].Logits([.. parts.Select(part => part[i])]))];
            var temperature = Calibration.FitTemperature(outOfFold[g], labels);
            var loss = Calibration.LogLoss(outOfFold[g], labels, temperature);
            var accuracy = Calibration.Accuracy(outOfFold[g], labels);
            log(string.Create(CultureInfo.InvariantCulture, $"regularization {grid[g]:G3}: out-of-fold accuracy {accuracy:F4}, log-loss {loss:F4} at temperature {temperature:F3}; part weights {string.Join(", ", combinations[g].PartWeights.Select(x => x.ToString("F3", CultureInfo.InvariantCulture)))}"));
            if (loss < bestLoss)
            {
                (best, bestLoss, bestTemperature) = (g, loss, temperature);
            }
        }

        var foldModels = new LinearWeights[folds.Count];
        for (var f = 0; f < folds.Count; f++)
        {
            foldModels[f] = combinations[best].Apply(foldParts[best, f]);
        }

        // The assumed category mix (TrainingOptions.Prior): the out-of-fold scores move with it, and the calibration
        // and review threshold are fitted with the texts weighted to that mix. With the corpus's own mix: unchanged.
        var (priorShift, classWeight) = PriorCorrection(labels, all, k, options);
        var corpusPrior = options.Prior == TrainingOptions.CorpusPrior;
        double[]? calibrationWeights = corpusPrior ? null : [.. labels.Select(l => classWeight[l])];

        // The length's scale (TrainingOptions.LengthScale): fitted on the out-of-fold scores with a temperature, then applied
        // to them before the prior's move, as the classifier does; the calibration below is fitted on the scaled scores.
        var lengthSlope = 0.0;
        var scaled = outOfFold[best];
        if (options.LengthScale)
        {
            var covariates = LengthCovariates(examples);
            (lengthSlope, _) = Calibration.FitLengthSlope(outOfFold[best], labels, covariates, calibrationWeights);
            scaled = [.. outOfFold[best].Select((z, i) => Calibration.Scale(z, Math.Exp(lengthSlope * covariates[i])))];
            log(string.Create(CultureInfo.InvariantCulture, $"length scale: slope {lengthSlope:F3} (a text of 30 characters ×{LengthScale.Factor(lengthSlope, 30):F2}, of 400 ×{LengthScale.Factor(lengthSlope, 400):F2})"));
        }

        var oof = corpusPrior ? scaled : [.. scaled.Select(z => z.Select((x, c) => x + priorShift[c]).ToArray())];
        var calibration = CalibrationMap.Fit(oof, labels, options.Isotonic, corpusPrior && !options.LengthScale ? bestTemperature : null, calibrationWeights);
        var confidences = oof.Select(calibration.Probabilities).ToArray();
        var reviewThreshold = Calibration.ReviewThreshold(confidences, labels, options.TargetPrecision, calibrationWeights);
        var finalCategory = combinations[best].Apply(FitParts(p, p.TrainingRows(all), grid[best], options));

        // The hidden layer on all texts, its stacked weight folded in; stored in 8 bits, so the model trained here answers
        // exactly as the file it writes.
        var hiddenLayer = options.HiddenUnits > 0
            ? HiddenLayerTrainer.Fit(p.CategoryRows, p.TrainingRows(all), k, lexiconOffset, groups.Count, options, pool: options.HiddenPool, inputDropout: options.HiddenInputDropout, offsets: offsets, labelSmoothing: options.HiddenLabelSmoothing)
                .ToModel(combinations[best].PartWeights[^1], options.LexiconScale).InEightBits()
            : null;

        // Clause topics for the hint features, each from a fold model that did not see the text (nor its introduced copy).
        var foldOf = p.FoldOf;
        for (var i = 0; i < docs.Length; i++)
        {
            docs[i].SetTopics(foldModels[foldOf[i]], idf, otherIndex, options.TopicThreshold);
        }

        for (var j = 0; j < p.IntroDocs.Length; j++)
        {
            p.IntroDocs[j].SetTopics(foldModels[foldOf[p.IntroSources[j]]], idf, otherIndex, options.TopicThreshold);
        }

        var hintRows = Enumerable.Range(0, docs.Length).Where(i => examples[i].HasHintLabels).ToArray();
        var hintWeights = new LinearWeights[LearnedHints.Count];
        var hintThresholds = new double[LearnedHints.Count];
        var hintAnchors = new HintAnchor[LearnedHints.Count];
        var hintLayers = new HiddenLayer?[LearnedHints.Count];
        var training = new Dictionary<string, double>
        {
            ["examples"] = examples.Count,
            ["correctionExamples"] = examples.Count(e => e.Source.StartsWith("correction:", StringComparison.Ordinal)),
            ["vocabulary"] = v,
            ["folds"] = folds.Count,
            ["regularization"] = grid[best],
            ["oofAccuracy"] = Calibration.Accuracy(oof, labels),
            ["oofLogLoss"] = bestLoss,
            ["lengthSlope"] = lengthSlope,
            ["oofFlaggedShare"] = confidences.Count(p => p.Max() < reviewThreshold) / (double)docs.Length,
        };
        if (p.IntroDocs.Length > 0)
        {
            training["introCopies"] = p.IntroDocs.Length;
            training["introCategoryWeight"] = options.IntroCategoryWeight;
        }

        if (options.HiddenInputDropout > 0)
        {
            training["hiddenInputDropout"] = options.HiddenInputDropout;
        }

        if (options.HiddenNgramOrder == TrainingOptions.InformationOrder && options.HiddenUnits + options.HintHiddenUnits > 0)
        {
            training["hiddenNgramsByInformation"] = 1;
        }

        if (options.WriterFloor < 1)
        {
            training["writerFloor"] = options.WriterFloor;
        }

        if (options.HiddenAverageFrom > 0 && options.HiddenUnits + options.HintHiddenUnits > 0)
        {
            training["hiddenAverageFrom"] = options.HiddenAverageFrom;
        }

        if (options.HintThresholdResamples > 0)
        {
            training["hintThresholdResamples"] = options.HintThresholdResamples;
        }

        if (options.NbScaledLogistic && options.Algorithm == TrainingOptions.Ensemble)
        {
            training["nbScaledLogistic"] = 1;
        }

        if (options.HiddenResidual && options.HiddenUnits > 0)
        {
            training["hiddenResidual"] = 1;
        }

        if (options.HiddenLabelSmoothing > 0 && options.HiddenUnits > 0)
        {
            training["hiddenLabelSmoothing"] = options.HiddenLabelSmoothing;
        }

        if (options.HintEnsemble)
        {
            foreach (var code in options.HintNbScaledCodes)
            {
                training[$"hintNbScaled.{code}"] = 1;
            }
        }

        if (p.NeutralCopies > 0)
        {
            training["neutralCopies"] = p.NeutralCopies;
            training["neutralWeight"] = options.NeutralWeight;
        }

        if (p.CropRows.Length > p.NeutralCopies)
        {
            training["cropCopies"] = p.CropRows.Length - p.NeutralCopies;
            training["cropWeight"] = options.CropWeight;
            training["cropMinChars"] = options.CropMinChars;
            training["cropMaxChars"] = options.CropMaxChars;
        }

        for (var q = 0; q < combinations[best].PartWeights.Length; q++)
        {
            // Part 0 is the logistic model, then the naive Bayes model(s) (TrainingOptions.Algorithm).
            training[$"partWeight{q}"] = combinations[best].PartWeights[q];
        }

        Parallel.For(0, LearnedHints.Count, parallel, h =>
        {
            var (weights, threshold, f1, positives, partWeights, anchor, layer) = TrainHint(LearnedHints[h], examples, docs, hintRows, p, featureCount, lexiconOffset, structureOffset, options);
            hintWeights[h] = weights;
            hintThresholds[h] = threshold;
            hintAnchors[h] = anchor;
            hintLayers[h] = layer;
            lock (training)
            {
                training[$"hint.{LearnedHints[h]}.positives"] = positives;
                training[$"hint.{LearnedHints[h]}.oofF1"] = f1;
                training[$"hint.{LearnedHints[h]}.threshold"] = threshold;
                for (var q = 0; q < partWeights.Length && options.HintEnsemble; q++)
                {
                    training[$"hint.{LearnedHints[h]}.partWeight{q}"] = partWeights[q];
                }
            }
        });

        foreach (var hint in LearnedHints)
        {
            var weights = string.Join(", ", Enumerable.Range(0, 3).Where(q => training.ContainsKey($"hint.{hint}.partWeight{q}")).Select(q => training[$"hint.{hint}.partWeight{q}"].ToString("F3", CultureInfo.InvariantCulture)));
            log(string.Create(CultureInfo.InvariantCulture, $"hint {hint}: {training[$"hint.{hint}.positives"]} positives, out-of-fold F1 {training[$"hint.{hint}.oofF1"]:F3} at threshold {training[$"hint.{hint}.threshold"]:F3}; part weights {weights}"));
        }

        // One weight row per feature: the category columns, then one column per hint.
        var columns = k + LearnedHints.Count;
        var allWeights = new float[featureCount * columns];
        var bias = new float[columns];
        for (var f = 0; f < featureCount; f++)
        {
            for (var c = 0; c < k; c++)
            {
                // The category model saw the lexicon values scaled; folding the scale into the weights keeps inference unchanged.
                // Without CategoryStructure it never saw the structure features: their weights must be zero at run time
                // too (complement NB would otherwise give a never-seen feature a small class-dependent weight).
                var scale = f >= structureOffset ? (options.CategoryStructure ? 1 : 0)
                    : f >= p.CueOffset ? (options.CategoryCues ? options.LexiconScale : 0)
                    : f >= lexiconOffset ? options.LexiconScale : 1;
                allWeights[(f * columns) + c] = (float)(finalCategory.Weights[(f * k) + c] * scale);
            }

            for (var h = 0; h < LearnedHints.Count; h++)
            {
                allWeights[(f * columns) + k + h] = hintWeights[h].Weights[(f * 2) + 1] - hintWeights[h].Weights[f * 2];
            }
        }

        for (var c = 0; c < k; c++)
        {
            bias[c] = finalCategory.Bias[c];
        }

        for (var h = 0; h < LearnedHints.Count; h++)
        {
            bias[k + h] = hintWeights[h].Bias[1] - hintWeights[h].Bias[0];
        }

        // The hints' layers side by side in one, stored in 8 bits as the category layer.
        var hintHidden = hintLayers.Any(x => x is not null)
            ? HiddenLayer.SideBySide([.. hintLayers.Select((layer, h) => (h, layer)).Where(x => x.layer is not null).Select(x => (x.h, x.layer!))], LearnedHints.Count).InEightBits()
            : null;

        var hiddenPool = hiddenLayer is not null && options.HiddenPool != TrainingOptions.SumPool ? options.HiddenPool : null;
        var hintHiddenPool = hintHidden is not null && options.HintHiddenPool != TrainingOptions.SumPool ? options.HintHiddenPool : null;
        var now = options.Now ?? DateTimeOffset.UtcNow;
        IReadOnlyList<double> storedShift = corpusPrior ? [] : priorShift;
        var version = $"ngram-{now.UtcDateTime:yyyyMMddHHmm}-{NgramModel.ContentHash(vocabulary, allWeights, bias, storedShift, hiddenLayer, hintHidden, hiddenPool, hintHiddenPool)}";
        var metadata = new ModelMetadata
        {
            Version = version,
            CreatedAt = now,
            Algorithm = options.Algorithm,
            Categories = categories,
            Hints = LearnedHints,
            Lexicon = groups,
            Temperature = calibration.Temperature,
            PriorShift = storedShift,
            LengthSlope = lengthSlope,
            HiddenUnits = hiddenLayer?.Units ?? 0,
            HiddenNgramInputs = hiddenLayer?.NgramInputs ?? 0,
            HintHiddenUnits = hintHidden?.Units ?? 0,
            HintHiddenNgramInputs = hintHidden?.NgramInputs ?? 0,
            IsotonicX = calibration.IsotonicX,
            IsotonicY = calibration.IsotonicY,
            ReviewThreshold = reviewThreshold,
            HintThresholds = hintThresholds,
            TopicThreshold = options.TopicThreshold,
            CampaignTerms = new TermMask(options.CampaignTerms).Terms,
            ChannelTerms = TermMask.Normalise(options.ChannelTerms),
            CourtesyTerms = TermMask.Normalise(options.CourtesyTerms),
            ClosingTerms = new ClosingMask(options.ClosingTerms).Terms,
            Salutations = options.Salutations,
            ContactMask = options.ContactMask,
            HiddenPool = hiddenPool,
            HintHiddenPool = hintHiddenPool,
            NGramMax = options.NGramMax,
            TitleWeight = options.TitleWeight,
            LaterItemWeight = options.LaterItemWeight,
            LongestTermMatch = options.LongestTermMatch,
            Training = training,
        };
        log(string.Create(CultureInfo.InvariantCulture, $"model {version}: prior {options.Prior}, temperature {calibration.Temperature:F3}, review threshold {reviewThreshold:F3} (flags {training["oofFlaggedShare"]:P1} of out-of-fold answers)"));
        return new TrainingResult(new NgramModel(metadata, vocabulary, idf, allWeights, bias, hiddenLayer, hintHidden)) { OutOfFold = new CalibrationAnchor(oof, labels, calibrationWeights) { Hints = hintAnchors } };
    }

    private static (LinearWeights Weights, double Threshold, double F1, int Positives, double[] PartWeights, HintAnchor OutOfFold, HiddenLayer? Layer) TrainHint(
        string hint, IReadOnlyList<TrainingExample> examples, Doc[] docs, int[] rows, Problem p,
        int featureCount, int lexiconOffset, int structureOffset, TrainingOptions options)
    {
        var (foldOf, folds) = (p.FoldOf, p.Folds.Count);
        var data = new SparseRows();
        var positives = rows.Count(r => examples[r].Hints.Contains(hint));
        var negatives = rows.Length - positives;

        // Rare positives get more weight so the optimum is not "never"; the threshold then restores precision.
        var positiveWeight = positives == 0 ? 1 : Math.Clamp(Math.Sqrt(negatives / (double)positives), 1, 5);
        // The naive Bayes part (HintEnsemble) models counts: unless told otherwise it sees the n-grams and lexicon
        // groups only, not the structure flags and clause-topic counts (as the category model's NB).
        var bayesData = options.HintEnsemble && !options.HintBayesStructure ? new SparseRows() : data;
        foreach (var r in rows)
        {
            var label = examples[r].Hints.Contains(hint) ? 1 : 0;
            var weight = (float)(label == 1 ? positiveWeight : 1);
            data.Add(docs[r].Features(lexiconOffset, structureOffset, includeTopics: true), label, weight);
            if (!ReferenceEquals(bayesData, data))
            {
                bayesData.Add(docs[r].Features(lexiconOffset, structureOffset, includeTopics: false).Where(x => x.Item1 < structureOffset), label, weight);
            }
        }

        // The introduced copies (TrainingOptions.IntroShare) after the texts: rows.Length + j for the j-th copy, trained
        // with their text's fold, never scored.
        var introFold = new List<int>();
        for (var j = 0; j < p.IntroDocs.Length; j++)
        {
            var source = p.IntroSources[j];
            var label = examples[source].Hints.Contains(hint) ? 1 : 0;
            var weight = (float)((label == 1 ? positiveWeight : 1) * options.IntroWeight);
            data.Add(p.IntroDocs[j].Features(lexiconOffset, structureOffset, includeTopics: true), label, weight);
            if (!ReferenceEquals(bayesData, data))
            {
                bayesData.Add(p.IntroDocs[j].Features(lexiconOffset, structureOffset, includeTopics: false).Where(x => x.Item1 < structureOffset), label, weight);
            }

            introFold.Add(foldOf[source]);
        }

        if (positives < 3)
        {
            // Too few examples to learn from: the hint stays silent rather than guess.
            return (new LinearWeights(new float[featureCount * 2], new float[2], 2), 1.01, 0, positives, [], new HintAnchor(hint, [], []), null);
        }

        var probabilities = new double[rows.Length];
        var localFold = rows.Select(r => foldOf[r]).ToArray();
        var all = Enumerable.Range(0, rows.Length).ToArray();
        var hintLabels = data.Labels.Take(rows.Length).ToArray(); // the texts only, not their introduced copies
        var linearCount = options.HintEnsemble ? 2 : 1;
        // A hidden layer (TrainingOptions.HintHiddenUnits) is the last part, over the n-grams and lexicon groups as the
        // category layer's; the two classes' outputs, like the linear parts' logits.
        var layered = options.HintHiddenUnits > 0 && options.HintHiddenCodes.Contains(hint);
        var nbScaled = options.HintNbScaledCodes.Contains(hint);
        var partCount = linearCount + (layered ? 1 : 0);
        var outOfFold = new double[partCount][][];
        for (var q = 0; q < partCount; q++)
        {
            outOfFold[q] = new double[rows.Length][];
        }

        for (var f = 0; f < folds; f++)
        {
            var train = all.Where(i => localFold[i] != f).Concat(introFold.Select((fold, j) => (fold, j)).Where(x => x.fold != f).Select(x => rows.Length + x.j)).ToArray();
            var parts = FitHintParts(data, bayesData, train, featureCount, structureOffset, options, nbScaled);
            var layer = layered ? HiddenLayerTrainer.Fit(data, train, 2, lexiconOffset, p.Groups.Count, options, options.HintHiddenUnits, options.HintHiddenRate, options.HintHiddenPool) : null;
            for (var i = 0; i < rows.Length; i++)
            {
                if (localFold[i] == f)
                {
                    for (var q = 0; q < linearCount; q++)
                    {
                        outOfFold[q][i] = parts[q].Logits(q == 0 ? data : bayesData, i);
                    }

                    if (layer is not null)
                    {
                        outOfFold[linearCount][i] = layer.Logits(data, i);
                    }
                }
            }
        }

        // With the ensemble, the part weights and bias come from the out-of-fold logits, as for the category model.
        var combination = options.HintEnsemble || layered
            ? FitCombination(outOfFold, all, hintLabels, 2, options)
            : new Combination([1.0], new double[2]);
        for (var i = 0; i < rows.Length; i++)
        {
            var z = combination.Logits([.. outOfFold.Select(part => part[i])]);
            probabilities[i] = TopicMath.Sigmoid(z[1] - z[0]);
        }

        var (threshold, f1) = options.HintThresholdResamples > 0
            ? Calibration.BaggedF1Threshold(probabilities, hintLabels, options.HintThresholdResamples, HintThresholdRandom(hint, options.Seed))
            : Calibration.BestF1Threshold(probabilities, hintLabels);
        int[] everything = [.. all, .. Enumerable.Range(rows.Length, introFold.Count)];
        var final = combination.Apply(FitHintParts(data, bayesData, everything, featureCount, structureOffset, options, nbScaled));
        var finalLayer = layered
            ? HiddenLayerTrainer.Fit(data, everything, 2, lexiconOffset, p.Groups.Count, options, options.HintHiddenUnits, options.HintHiddenRate, options.HintHiddenPool).ToModel(combination.PartWeights[^1], 1)
            : null;
        return (final, threshold, f1, positives, combination.PartWeights, new HintAnchor(hint, probabilities, hintLabels), finalLayer);
    }

    /// <summary>
    /// A hint's parts: the L2 logistic regression, and with <see cref="TrainingOptions.HintEnsemble"/> a
    /// naive Bayes model of the same rows (<paramref name="bayesData"/>: without the structure and clause-topic
    /// features unless <see cref="TrainingOptions.HintBayesStructure"/>; for two classes complement and
    /// multinomial NB give the same weight differences).
    /// </summary>
    private static LinearWeights[] FitHintParts(SparseRows data, SparseRows bayesData, int[] rows, int featureCount, int structureOffset, TrainingOptions options, bool nbScaled)
    {
        if (!options.HintEnsemble)
        {
            return [SoftmaxRegression.Train(data, rows, 2, featureCount, options.HintRegularization, options.MaxIterations)];
        }

        var bayes = NaiveBayes.Train(bayesData, rows, 2, featureCount, options.NaiveBayesAlpha);
        var scale = nbScaled ? HintNaiveBayesScale(bayes, bayesData, rows, structureOffset, options.HintBayesStructure) : null;
        if (!options.HintBayesStructure)
        {
            // Features it never saw must not get the small class-dependent weight the smoothing would give them.
            Array.Clear(bayes.Weights, structureOffset * 2, bayes.Weights.Length - (structureOffset * 2));
        }

        var logistic = SoftmaxRegression.Train(data, rows, 2, featureCount, options.HintRegularization, options.MaxIterations, scale: scale);
        return [logistic, bayes];
    }

    /// <summary>
    /// HV: the factors of a hint's logistic part (as NV's for the categories, two classes): naive Bayes' factor for
    /// the n-grams and lexicon groups; the structure and clause-topic features, from <paramref name="structureOffset"/>
    /// on, keep factor 1 unless naive Bayes models them too (<paramref name="bayesStructure"/>). Call it before the
    /// naive Bayes weights of those features are cleared.
    /// </summary>
    internal static float[] HintNaiveBayesScale(LinearWeights bayes, SparseRows bayesData, int[] rows, int structureOffset, bool bayesStructure)
    {
        var scale = SoftmaxRegression.NaiveBayesScale(bayes, bayesData, rows, TrainingOptions.NbScaleFloor);
        if (!bayesStructure)
        {
            Array.Fill(scale, 1f, structureOffset * 2, scale.Length - (structureOffset * 2));
        }

        return scale;
    }

    private static List<int[]> StratifiedFolds(int[] labels, int folds, int seed)
    {
        var random = new Random(seed);
        var assignment = new List<int>[folds];
        for (var f = 0; f < folds; f++)
        {
            assignment[f] = [];
        }

        var next = 0;
        foreach (var group in Enumerable.Range(0, labels.Length).GroupBy(i => labels[i]).OrderBy(g => g.Key))
        {
            var members = group.ToArray();
            random.Shuffle(members);
            foreach (var member in members)
            {
                assignment[next].Add(member);
                next = (next + 1) % folds;
            }
        }

        return [.. assignment.Select(a => a.Order().ToArray())];
    }

    /// <summary>
    /// Folds of consecutive examples per category (in source order): texts written one after another,
    /// often variations on one idea, stay in the same fold, so the out-of-fold figures are not flattered
    /// by near-duplicates. A stricter estimate for design decisions.
    /// </summary>
    private static List<int[]> BlockedFolds(IReadOnlyList<TrainingExample> examples, int[] labels, int folds)
    {
        var assignment = new List<int>[folds];
        for (var f = 0; f < folds; f++)
        {
            assignment[f] = [];
        }

        foreach (var group in Enumerable.Range(0, labels.Length).GroupBy(i => labels[i]))
        {
            var members = group.OrderBy(i => examples[i].Source, StringComparer.Ordinal).ToArray();
            for (var j = 0; j < members.Length; j++)
            {
                assignment[j * folds / members.Length].Add(members[j]);
            }
        }

        return [.. assignment.Select(a => a.Order().ToArray())];
    }

    /// <summary>
    /// Removes the broad-lexicon terms the training texts contradict (<see cref="TrainingOptions.BroadTermMinAgreement"/>).
    /// Only the texts being trained on are read, so a held-out text never decides which terms stay.
    /// </summary>
    private static IReadOnlyList<LexiconGroup> DropContradictedBroadTerms(
        IReadOnlyList<LexiconGroup> groups, string[] texts, IReadOnlyList<TrainingExample> examples, TrainingOptions options, Action<string> log)
    {
        var owner = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (category, terms) in options.BroadTerms ?? BroadLexicon.Terms)
        {
            foreach (var term in terms)
            {
                owner[term] = category;
            }
        }

        // The whole lexicon, so a broad term is judged where it counts: with longest match, not inside a longer term.
        var index = LexiconIndexFor(groups, options.LongestTermMatch);
        var (seen, agree) = (new int[index.Terms.Length], new int[index.Terms.Length]);
        for (var i = 0; i < texts.Length; i++)
        {
            var sink = new TermSink(new HashSet<int>());
            TextScanner.Scan(texts[i], index, ref sink, 1);
            foreach (var entry in sink.Entries)
            {
                if (!owner.TryGetValue(index.Terms[entry], out var area))
                {
                    continue;
                }

                seen[entry]++;
                if (examples[i].Category == area || examples[i].Also.Contains(area))
                {
                    agree[entry]++;
                }
            }
        }

        var dropped = new HashSet<string>(StringComparer.Ordinal);
        for (var e = 0; e < index.Terms.Length; e++)
        {
            if (seen[e] >= options.BroadTermMinCount && agree[e] < options.BroadTermMinAgreement * seen[e])
            {
                dropped.Add(index.Terms[e]);
            }
        }

        log($"broad lexicon: {owner.Count} terms, {seen.Count(x => x > 0)} seen in the training texts, {dropped.Count} dropped (the texts file them under another area)");
        // Only the area groups: a criteria cue may share a word with an area (免费) and keeps it.
        return [.. groups.Select(g => IsAreaGroup(g) && g.Terms.Any(dropped.Contains) ? g with { Terms = [.. g.Terms.Where(t => !dropped.Contains(t))] } : g)];
    }

    /// <summary>Every category term of the lexicon once, with its category; a term under two categories is skipped.</summary>
    private static List<(string Term, int Label)> TermExamples(IReadOnlyList<LexiconGroup> groups, IReadOnlyList<string> categories)
    {
        return groups
            .Where(g => IndexOf(categories, CategoryOfGroup(g.Name)) >= 0)
            .SelectMany(g => g.Terms.Select(t => (Term: TextNormalizer.Normalize(t), Label: IndexOf(categories, CategoryOfGroup(g.Name)))))
            .GroupBy(x => x.Term, StringComparer.Ordinal)
            .Where(g => g.Select(x => x.Label).Distinct().Count() == 1)
            .Select(g => g.First())
            .OrderBy(x => x.Label).ThenBy(x => x.Term, StringComparer.Ordinal)
            .ToList();
    }

    private static int[] Complement(List<int[]> folds, int fold, int count)
    {
        var held = new HashSet<int>(folds[fold]);
        return [.. Enumerable.Range(0, count).Where(i => !held.Contains(i))];
    }

    private static int IndexOf(IReadOnlyList<string> list, string value)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] == value)
            {
                return i;
            }
        }

        return -1;
    }

    private readonly struct VocabularySink(HashSet<ulong> hashes) : IScanSink
    {
        public HashSet<ulong> Hashes => hashes;

        public void NGram(ulong hash, int start, int length) => hashes.Add(hash);

        public void Term(int entry, int start, int length, bool nested)
        {
        }

        public void ClauseEnd(int contentChars)
        {
        }

        public void Marker()
        {
        }
    }

    private readonly struct TermSink(HashSet<int> entries) : IScanSink
    {
        public HashSet<int> Entries => entries;

        public void NGram(ulong hash, int start, int length)
        {
        }

        public void Term(int entry, int start, int length, bool nested)
        {
            if (!nested)
            {
                entries.Add(entry);
            }
        }

        public void ClauseEnd(int contentChars)
        {
        }

        public void Marker()
        {
        }
    }

    /// <summary>One training text's features, kept so clause topics can be recomputed with any model.</summary>
    private sealed class Doc
    {
        private int[] _ngramFeatures = [];
        private float[] _ngramValues = [];
        private float[] _lexicon = [];
        private readonly float[] _structure = new float[FeatureLayout.StructureCount];
        private int[] _occurrenceFeature = [];
        private int[] _occurrenceClause = [];
        private int _markers;

        public static Doc Extract(string text, int titleLength, HashIndex vocabulary, float[] idf, LexiconIndex lexicon, int groups, TrainingOptions options)
        {
            var sink = new DocSink(vocabulary, lexicon, groups, titleLength, (float)options.TitleWeight, (float)options.LaterItemWeight);
            TextScanner.Scan(text, lexicon, ref sink, options.NGramMax);
            var doc = new Doc
            {
                _lexicon = sink.Lexicon,
                _occurrenceFeature = [.. sink.OccurrenceFeature],
                _occurrenceClause = [.. sink.OccurrenceClause],
                _markers = sink.Markers,
            };
            var features = sink.Counts.Keys.Order().ToArray();
            var values = features.Select(f => TopicMath.TermWeight(sink.Counts[f], idf[f])).ToArray();
            var norm = Math.Sqrt(values.Sum(x => x * x));
            doc._ngramFeatures = features;
            doc._ngramValues = [.. values.Select(x => (float)(norm > 0 ? x / norm : 0))];
            FeatureLayout.WriteBasic(doc._structure, sink.ContentChars, sink.Markers, titleLength == 0, sink.Clauses);
            return doc;
        }

        public IEnumerable<(int, float)> Features(int lexiconOffset, int structureOffset, bool includeTopics)
        {
            for (var j = 0; j < _ngramFeatures.Length; j++)
            {
                yield return (_ngramFeatures[j], _ngramValues[j]);
            }

            for (var g = 0; g < _lexicon.Length; g++)
            {
                if (_lexicon[g] > 0)
                {
                    yield return (lexiconOffset + g, (float)TopicMath.LexiconWeight(_lexicon[g]));
                }
            }

            var count = includeTopics ? FeatureLayout.StructureCount : FeatureLayout.FirstSegmentFeature;
            for (var s = 0; s < count; s++)
            {
                if (_structure[s] != 0)
                {
                    yield return (structureOffset + s, _structure[s]);
                }
            }
        }

        /// <summary>Whether a term of lexicon group <paramref name="group"/> occurs in the text.</summary>
        public bool HasLexicon(int group) => _lexicon[group] > 0;

        public void SetTopics(LinearWeights categoryModel, float[] idf, int otherIndex, double threshold)
        {
            var k = categoryModel.Classes;
            Span<double> scores = stackalloc double[k];
            var topics = 0;
            var norm = 0.0;
            var current = int.MinValue;
            for (var j = 0; j <= _occurrenceFeature.Length; j++)
            {
                var clause = j < _occurrenceFeature.Length ? _occurrenceClause[j] : int.MaxValue;
                if (clause != current)
                {
                    if (current >= 0 && norm > 0)
                    {
                        var topic = TopicMath.ClauseTopic(scores, norm, categoryModel.Bias, otherIndex, threshold);
                        if (topic >= 0)
                        {
                            topics |= 1 << topic;
                        }
                    }

                    scores.Clear();
                    norm = 0;
                    current = clause;
                }

                if (clause < 0 || j == _occurrenceFeature.Length)
                {
                    continue;
                }

                var f = _occurrenceFeature[j];
                for (var c = 0; c < k; c++)
                {
                    scores[c] += idf[f] * categoryModel.Weights[(f * k) + c];
                }

                norm += idf[f] * idf[f];
            }

            FeatureLayout.WriteTopics(_structure, System.Numerics.BitOperations.PopCount((uint)topics), _markers);
        }
    }

    private struct DocSink(HashIndex vocabulary, LexiconIndex lexicon, int groups, int titleLength, float titleWeight, float laterItemWeight) : IScanSink
    {
        private int _clause;
        private int _clauseStart;

        public Dictionary<int, float> Counts { get; } = [];

        public List<int> OccurrenceFeature { get; } = [];

        public List<int> OccurrenceClause { get; } = [];

        public float[] Lexicon { get; } = new float[groups];

        public int Markers { get; private set; }

        public int Clauses { get; private set; }

        public int ContentChars { get; private set; }

        public readonly void NGram(ulong hash, int start, int length)
        {
            var f = vocabulary.Find(hash);
            if (f < 0)
            {
                return;
            }

            Counts[f] = Counts.GetValueOrDefault(f) + (start < titleLength ? titleWeight : Markers >= 2 ? laterItemWeight : 1);
            OccurrenceFeature.Add(f);
            OccurrenceClause.Add(_clause);
        }

        public readonly void Term(int entry, int start, int length, bool nested)
        {
            foreach (var g in lexicon.GroupsOf(entry, nested))
            {
                Lexicon[g]++;
            }
        }

        public void ClauseEnd(int contentChars)
        {
            ContentChars += contentChars;
            if (contentChars >= FeatureLayout.MinClauseChars)
            {
                Clauses++;
            }
            else
            {
                // Too short to have a topic: same rule as at inference.
                for (var i = _clauseStart; i < OccurrenceClause.Count; i++)
                {
                    OccurrenceClause[i] = -1;
                }
            }

            _clause++;
            _clauseStart = OccurrenceClause.Count;
        }

        public void Marker() => Markers++;
    }
}
