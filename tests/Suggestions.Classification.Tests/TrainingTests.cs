using Suggestions.Classification.Training;

namespace Suggestions.Classification.Tests;

public sealed class TrainingTests
{
    private static Correction Correct(string content, string newCategory, int minute, string tracking = "T1") =>
        new("2023", tracking, string.Empty, content, "culture-sports", newCategory, new DateTimeOffset(2022, 11, 20, 10, minute, 0, TimeSpan.FromHours(8)));

    [Fact]
    public void Merge_CorrectionOfCorpusText_OverridesLabelWithWeight()
    {
        LabeledProposal[] corpus = [new("c1", string.Empty, "建议修篮球场", "culture-sports", [], ["unclear"], null)];

        var merged = CorrectionMerger.Merge(corpus, [Correct("建议修篮球场。", "governance", 1)], 3, out var summary);

        var example = Assert.Single(merged);
        Assert.Equal("governance", example.Category);
        Assert.Equal(3, example.Weight);
        Assert.True(example.HasHintLabels);
        Assert.Equal((1, 1, 0), (summary.Corrections, summary.Overridden, summary.Added));
    }

    [Fact]
    public void Merge_CorrectionOfCorpusText_DropsTheOldAlso()
    {
        LabeledProposal[] corpus = [new("c1", string.Empty, "建议修篮球场", "culture-sports", ["education"], [], null)];

        var merged = CorrectionMerger.Merge(corpus, [Correct("建议修篮球场", "governance", 1)], 3, out _);

        Assert.Empty(Assert.Single(merged).Also);
        Assert.Equal(["education"], TrainingExample.FromCorpus(corpus[0]).Also);
    }

    [Fact]
    public void Merge_NewTextAndRepeatedCorrections_LatestWinsAndIsAdded()
    {
        Correction[] corrections =
        [
            Correct("小区路灯坏了", "public-safety", 5),
            Correct("小区路灯坏了", "governance", 1),
            Correct("随便写写", "not-a-category", 2),
        ];

        var merged = CorrectionMerger.Merge([], corrections, 2, out var summary);

        var example = Assert.Single(merged);
        Assert.Equal("public-safety", example.Category);
        Assert.False(example.HasHintLabels);
        Assert.Equal(1, summary.Added);
    }

    [Fact]
    public async Task Train_WithCorrection_ChangesTheNextModelsAnswer()
    {
        var corpus = TestCorpus.Build();
        const string text = "建议社区把篮球场和健身器材管起来";
        var before = await ModelTrainer.TrainAsync(corpus, new InMemoryCorrectionSource([]), TestCorpus.FastOptions, cancellationToken: TestContext.Current.CancellationToken);
        var first = before.ToClassifier(DistrictDetector.ForZhuzhou()).Classify(new ProposalText(string.Empty, text));
        Assert.Equal(CategoryCodes.CultureSports, first.Category);

        // A reviewer decides this is about running the community (governance), and the table says so.
        var corrections = new InMemoryCorrectionSource([Correct(text, CategoryCodes.Governance, 0)]);
        var after = await ModelTrainer.TrainAsync(corpus, corrections, TestCorpus.FastOptions, cancellationToken: TestContext.Current.CancellationToken);
        var second = after.ToClassifier(DistrictDetector.ForZhuzhou()).Classify(new ProposalText(string.Empty, text));

        Assert.Equal(CategoryCodes.Governance, second.Category);
        Assert.NotEqual(before.Version, after.Version);
        Assert.Equal(after.Version, second.ModelVersion);
    }

    [Fact]
    public void Train_SameData_IsDeterministic()
    {
        var examples = TestCorpus.Build(6).Select(TrainingExample.FromCorpus).ToList();

        var a = ModelTrainer.Train(examples, TestCorpus.FastOptions);
        var b = ModelTrainer.Train(examples, TestCorpus.FastOptions);

        Assert.Equal(a.Version, b.Version);
    }

    [Fact]
    public void Train_Metadata_RecordsCalibrationAndThresholds()
    {
        var metadata = TestCorpus.SmallModel.Metadata;

        Assert.InRange(metadata.Temperature, 0.05, 20);
        Assert.InRange(metadata.ReviewThreshold, 0.3, 0.95);
        Assert.Equal(ModelTrainer.LearnedHints, metadata.Hints);
        Assert.Equal(metadata.Hints.Count, metadata.HintThresholds.Count);
        Assert.True(metadata.Training["oofAccuracy"] > 0.5);
    }

    [Fact]
    public void Train_KeepsTheOutOfFoldScoresItsCalibrationWasFittedOn()
    {
        var result = TestCorpus.SmallModel;
        var oof = Assert.IsType<CalibrationAnchor>(result.OutOfFold);
        var corpus = TestCorpus.Build();

        Assert.Equal(corpus.Count, oof.Labels.Count);
        Assert.All(oof.Logits, l => Assert.Equal(result.Metadata.Categories.Count, l.Length));
        Assert.Equal(corpus.Select(p => result.Metadata.Categories.ToList().IndexOf(p.Category)), oof.Labels);
        Assert.Equal(result.Metadata.Training["oofAccuracy"], Calibration.Accuracy([.. oof.Logits], [.. oof.Labels]), 9);
    }

    [Fact]
    public void Train_Stacking_RecordsPositivePartWeights()
    {
        var training = TestCorpus.SmallModel.Metadata.Training;

        // Logistic regression, complement naive Bayes and the hidden layer, weighed on their out-of-fold answers.
        Assert.True(training["partWeight0"] > 0);
        Assert.True(training["partWeight1"] > 0);
        Assert.True(training["partWeight2"] > 0);
        Assert.False(training.ContainsKey("partWeight3"));
    }

    [Fact]
    public void Train_IntroShare_AddsTrainingOnlyCopies_SoAnIntroductionNoLongerReadsAsAGrievance()
    {
        // In the synthetic corpus only the grievances say where the writer lives and give a phone number, so a model
        // learns "address and phone = grievance" (the number itself is masked when a text is classified, the words
        // around it are not). Introduced copies of every text, grievance or not, unlearn that.
        // Without the hints' hidden layer (twentieth session): on this synthetic corpus the layer alone already kept the
        // plain model from reading an introduction as a grievance (0 of 117 texts, measured when the layer came), so the
        // copies' own effect shows in the linear hint models only.
        var corpus = TestCorpus.Build();
        var examples = corpus.Select(TrainingExample.FromCorpus).ToList();
        var plain = ModelTrainer.Train(examples, TestCorpus.FastOptions with { IntroShare = 0, HintHiddenUnits = 0 });
        var introduced = ModelTrainer.Train(examples, TestCorpus.FastOptions with { IntroShare = 1, HintHiddenUnits = 0 });
        Assert.Equal(0.5, new TrainingOptions().IntroShare); // the default, for the hint models only
        Assert.Equal(0, new TrainingOptions().IntroCategoryWeight);

        Assert.False(plain.Metadata.Training.ContainsKey("introCopies"));
        Assert.Equal(corpus.Count, introduced.Metadata.Training["introCopies"]);
        Assert.Equal(0, introduced.Metadata.Training["introCategoryWeight"]);

        const string Intro = "我家住翠竹苑3栋2单元301，电话13912345678。";
        int GrievancesAmongPublicTexts(TrainingResult model)
        {
            var classifier = model.ToClassifier(DistrictDetector.ForZhuzhou());
            return corpus.Where(p => p.Hints.Count == 0)
                .Count(p => classifier.Classify(new ProposalText(p.Title, Intro + p.Text)).Hints.Contains(HintCodes.PersonalGrievance));
        }

        var publicTexts = corpus.Count(p => p.Hints.Count == 0);
        Assert.True(GrievancesAmongPublicTexts(plain) > publicTexts / 4, $"{GrievancesAmongPublicTexts(plain)} of {publicTexts} before");
        Assert.True(GrievancesAmongPublicTexts(introduced) < publicTexts / 10, $"{GrievancesAmongPublicTexts(introduced)} of {publicTexts} with introduced copies");

        // The grievances themselves are still found; by default the category model never sees the copies, so every
        // category and confidence is the plain model's.
        var answers = introduced.ToClassifier(DistrictDetector.ForZhuzhou());
        var before = plain.ToClassifier(DistrictDetector.ForZhuzhou());
        Assert.All(corpus.Where(p => p.Hints.Count > 0), p => Assert.Contains(HintCodes.PersonalGrievance, answers.Classify(new ProposalText(p.Title, p.Text)).Hints));
        Assert.All(corpus, p => AnswerAssert.SameCategoryAnswer(
            before.Classify(new ProposalText(p.Title, Intro + p.Text)), answers.Classify(new ProposalText(p.Title, Intro + p.Text))));
    }

    [Fact]
    public void CrossValidate_IntroShare_ScoresTheTextsOnly()
    {
        var examples = TestCorpus.Build().Select(TrainingExample.FromCorpus).ToList();

        var plain = ModelTrainer.CrossValidate(examples, new TrainingOptions { Folds = 3, Regularization = [1e-3], MaxIterations = 100, IntroShare = 0 });
        var results = ModelTrainer.CrossValidate(examples, new TrainingOptions { Folds = 3, Regularization = [1e-3], MaxIterations = 100, IntroShare = 1, IntroCategoryWeight = 0.5 });

        // One answer per text, none for a copy; and the copies did train the category model (its log-loss moved).
        Assert.All(results, r => Assert.Equal(examples.Count, r.Answers.Count));
        Assert.All(results, r => Assert.Equal(examples.Count, r.Report.Count));
        Assert.NotEqual(plain[0].LogLoss, results[0].LogLoss);
    }

    [Fact]
    public void Train_CropShare_AddsAShortCopyOfEachTextWithAWindowOfItsOwnArea_ForTheCategoryModelOnly()
    {
        // Each synthetic text inside a letter of several sentences: its own sentence (which holds its area's terms) is a
        // window; the letter's other sentences hold none. One more text, filed under transport, has no transport term in
        // any sentence: an area text gets a copy only from a window that names its area, so it gets none.
        var corpus = TestCorpus.Build()
            .Select(p => p with { Text = $"领导好。{p.Text}。我们都很期待，盼望早日落实。谢谢！" })
            .Append(new LabeledProposal("no-area-window", string.Empty, "今天写信给领导。心里有些话想说说。希望能看一看。", CategoryCodes.Transport, [], [], null))
            .ToList();
        var examples = corpus.Select(TrainingExample.FromCorpus).ToList();

        var cropped = ModelTrainer.Train(examples, TestCorpus.FastOptions with { CropShare = 1, CropWeight = 0.5 });
        var plain = ModelTrainer.Train(examples, TestCorpus.FastOptions with { CropShare = 0 });

        Assert.Equal(corpus.Count - 1, cropped.Metadata.Training["cropCopies"]);
        Assert.Equal(0.5, cropped.Metadata.Training["cropWeight"]);
        Assert.False(plain.Metadata.Training.ContainsKey("cropCopies"));
        Assert.NotEqual(plain.Version, cropped.Version);

        // The copies trained the category model: its weights, and so its scores, differ.
        var a = plain.ToClassifier(DistrictDetector.ForZhuzhou());
        var b = cropped.ToClassifier(DistrictDetector.ForZhuzhou());
        Assert.Contains(corpus, p => a.Classify(new ProposalText(p.Title, p.Text)).Confidence != b.Classify(new ProposalText(p.Title, p.Text)).Confidence);
    }

    [Fact]
    public void CrossValidate_CropShare_ScoresTheTextsOnly()
    {
        var examples = TestCorpus.Build()
            .Select(p => p with { Text = $"领导好。{p.Text}。谢谢！" })
            .Select(TrainingExample.FromCorpus).ToList();

        var plain = ModelTrainer.CrossValidate(examples, TestCorpus.FastOptions with { CropShare = 0 });
        var results = ModelTrainer.CrossValidate(examples, TestCorpus.FastOptions with { CropShare = 1 });

        Assert.All(results, r => Assert.Equal(examples.Count, r.Answers.Count));
        Assert.NotEqual(plain[0].LogLoss, results[0].LogLoss);
    }

    [Fact]
    public void Train_HintEnsemble_IsTheDefault_StacksBothPartsPerHint_AndLeavesTheCategoriesAlone()
    {
        var examples = TestCorpus.Build().Select(TrainingExample.FromCorpus).ToList();
        var ensemble = TestCorpus.SmallModel;
        var plain = ModelTrainer.Train(examples, new TrainingOptions
        {
            Folds = 3, Regularization = [1e-3], MaxIterations = 100, Now = TestCorpus.FastOptions.Now, HintEnsemble = false,
        });

        // Logistic regression and naive Bayes, weighed on the hint's out-of-fold answers; the plain model has one part.
        Assert.True(ensemble.Metadata.Training["hint.personal_grievance.partWeight0"] > 0);
        Assert.True(ensemble.Metadata.Training["hint.personal_grievance.partWeight1"] > 0);
        Assert.False(plain.Metadata.Training.ContainsKey("hint.personal_grievance.partWeight0"));
        Assert.NotEqual(plain.Version, ensemble.Version);

        // Loaded from its file as the app loads it: the same categories and confidences, hints from the new columns.
        var before = TestCorpus.Reloaded(plain.Save);
        var after = TestCorpus.Reloaded(ensemble.Save);
        foreach (var p in TestCorpus.Build())
        {
            var (a, b) = (before.Classify(new ProposalText(p.Title, p.Text)), after.Classify(new ProposalText(p.Title, p.Text)));
            Assert.Equal(a.Category, b.Category);
            Assert.Equal(a.Confidence, b.Confidence, 6);
        }

        var grievance = after.Classify(new ProposalText(string.Empty, "我家住在河西3栋，路灯的事找了好多次没人管，要求赔偿我五千块，电话13900000000"));
        var project = after.Classify(new ProposalText(string.Empty, "建议老城区增加公交线路，方便居民出行"));
        Assert.Contains(HintCodes.PersonalGrievance, grievance.Hints);
        Assert.DoesNotContain(HintCodes.PersonalGrievance, project.Hints);
    }

    [Fact]
    public void Train_HintEnsemble_NaiveBayesPartLeavesStructureFeaturesToTheLogisticPart_UnlessAsked()
    {
        var examples = TestCorpus.Build().Select(TrainingExample.FromCorpus).ToList();
        // The linear parts alone: a hint's hidden layer (HintHiddenUnits) would be one more stacked part. The plain logistic
        // part in all three (HintNbScaledCodes empty), so that it is the same fit with and without naive Bayes beside it.
        TrainingResult Train(bool ensemble, bool bayesStructure) => ModelTrainer.Train(examples, new TrainingOptions
        {
            Folds = 3, Regularization = [1e-3], MaxIterations = 100, Now = TestCorpus.FastOptions.Now,
            HintEnsemble = ensemble, HintBayesStructure = bayesStructure, HintHiddenUnits = 0, HintNbScaledCodes = [],
        });
        var logistic = Train(ensemble: false, bayesStructure: false);
        var stacked = Train(ensemble: true, bayesStructure: false);
        var withStructure = Train(ensemble: true, bayesStructure: true);
        var model = stacked.Model;
        var column = model.CategoryCount + ModelTrainer.LearnedHints.ToList().IndexOf(HintCodes.PersonalGrievance);
        double Weight(TrainingResult r, int feature) => r.Model.Weights[(feature * r.Model.Columns) + column];
        var structure = Enumerable.Range(model.StructureOffset, model.FeatureCount - model.StructureOffset).ToArray();
        Assert.Contains(structure, f => Math.Abs(Weight(logistic, f)) > 1e-3);

        // The same logistic fit in both models, so a structure feature's weight is the logistic weight times its part
        // weight, plus nothing from naive Bayes ...
        var part = stacked.Metadata.Training["hint.personal_grievance.partWeight0"];
        Assert.All(structure, f => Assert.Equal(part * Weight(logistic, f), Weight(stacked, f), 1e-4));

        // ... unless naive Bayes is told to see them too.
        var partWith = withStructure.Metadata.Training["hint.personal_grievance.partWeight0"];
        Assert.Contains(structure, f => Math.Abs((partWith * Weight(logistic, f)) - Weight(withStructure, f)) > 1e-3);
    }

    [Fact]
    public void CrossValidate_SmallCorpus_ReportsOutOfFoldFigures()
    {
        var examples = TestCorpus.Build(6).Select(TrainingExample.FromCorpus).ToList();

        var result = Assert.Single(ModelTrainer.CrossValidate(examples, TestCorpus.FastOptions));

        Assert.Equal(examples.Count, result.Report.Count);
        Assert.Equal(examples.Count, result.Answers.Count);
        Assert.InRange(result.Report.StrictAccuracy, 0.5, 1);
        Assert.True(result.Report.LenientAccuracy >= result.Report.StrictAccuracy);
    }

    [Theory]
    [InlineData(TrainingOptions.Multinomial)]
    [InlineData(TrainingOptions.Complement)]
    public void NaiveBayes_Variants_LearnTheWordsOfEachClass(string variant)
    {
        var data = new SparseRows();
        for (var i = 0; i < 4; i++)
        {
            data.Add([(0, 1f)], 0, 1);
            data.Add([(1, 1f)], 1, 1);
            data.Add([(2, 1f)], 2, 1);
        }

        var rows = Enumerable.Range(0, data.Count).ToArray();
        var model = variant == TrainingOptions.Complement
            ? NaiveBayes.TrainComplement(data, rows, 3, 3, 0.1)
            : NaiveBayes.Train(data, rows, 3, 3, 0.1);

        for (var c = 0; c < 3; c++)
        {
            var z = model.Logits(data, c);
            Assert.Equal(c, Array.IndexOf(z, z.Max()));
        }
    }

    [Fact]
    public void SoftmaxRegression_AlsoShare_KeepsTheSecondAreaLikely()
    {
        var data = new SparseRows();
        for (var i = 0; i < 6; i++)
        {
            data.Add([(0, 1f)], 0, 1, also: 1 << 1);
            data.Add([(1, 1f)], 1, 1);
            data.Add([(2, 1f)], 2, 1);
        }

        var rows = Enumerable.Range(0, data.Count).ToArray();
        var hard = SoftmaxRegression.Train(data, rows, 3, 3, 1e-3, 200);
        var soft = SoftmaxRegression.Train(data, rows, 3, 3, 1e-3, 200, alsoShare: 0.25);

        static double Probability(double[] z, int c) => Math.Exp(z[c]) / z.Sum(Math.Exp);
        Assert.Equal(0, Array.IndexOf(soft.Logits(data, 0), soft.Logits(data, 0).Max()));
        Assert.True(Probability(soft.Logits(data, 0), 1) > 2 * Probability(hard.Logits(data, 0), 1));
    }

    [Fact]
    public void Train_HintWithTooFewExamples_StaysSilent()
    {
        var metadata = TestCorpus.SmallModel.Metadata;
        var index = metadata.Hints.ToList().IndexOf(HintCodes.NotFeasibleThisYear);

        Assert.True(metadata.HintThresholds[index] > 1);
    }

    [Fact]
    public void CorpusReader_BadLines_AreReportedAndSkipped()
    {
        var path = Path.Combine(Path.GetTempPath(), $"corpus-{Guid.NewGuid():N}.jsonl");
        File.WriteAllLines(path,
        [
            """{"id":"a","title":"","text":"公交太少","category":"transport","also":[],"hints":[],"district":null}""",
            """{"id":"b","text":"半行""",
            """{"id":"c","text":"x","category":"nonsense"}""",
            """{"id":"d","text":"路灯","category":"public-safety"}""",
        ]);
        try
        {
            var result = CorpusReader.Read(path);

            Assert.Equal(["a", "d"], result.Items.Select(i => i.Id));
            Assert.Equal(2, result.Errors.Count);
            Assert.Empty(result.Items[1].Also);
        }
        finally
        {
            File.Delete(path);
        }
    }
    [Fact]
    public void Train_CategoryModel_IgnoresLengthAndLayout_UnlessAsked()
    {
        var examples = TestCorpus.Build().Select(TrainingExample.FromCorpus).ToList();

        static (int NonZeroCategory, int NonZeroHint) StructureWeights(TrainingResult result)
        {
            var model = result.Model;
            int category = 0, hint = 0;
            for (var f = model.StructureOffset; f < model.FeatureCount; f++)
            {
                for (var c = 0; c < model.Columns; c++)
                {
                    if (model.Weights[(f * model.Columns) + c] != 0)
                    {
                        _ = c < model.CategoryCount ? category++ : hint++;
                    }
                }
            }

            return (category, hint);
        }

        var topicOnly = StructureWeights(ModelTrainer.Train(examples, TestCorpus.FastOptions));
        var withLayout = StructureWeights(ModelTrainer.Train(examples, new TrainingOptions
        {
            Folds = TestCorpus.FastOptions.Folds,
            Regularization = TestCorpus.FastOptions.Regularization,
            MaxIterations = TestCorpus.FastOptions.MaxIterations,
            Now = TestCorpus.FastOptions.Now,
            CategoryStructure = true,
        }));

        // The category columns get nothing from length bins, list markers or an empty title; the hints still do.
        Assert.Equal(0, topicOnly.NonZeroCategory);
        Assert.True(topicOnly.NonZeroHint > 0);
        Assert.True(withLayout.NonZeroCategory > 0);
    }
}

public sealed class CampaignTermsTests
{
    private const string Probe = "建议在老城区增加公交线路和公交站台";
    private const string CallNamed = "建议列入民生实事项目征集";

    // The corpus's texts about the call itself are `other`: here every `other` text names it.
    private static List<TrainingExample> Corpus() =>
        [.. TestCorpus.Build().Select(p => p.Category == CategoryCodes.Other ? p with { Text = p.Text + "。关于民生实事项目征集" } : p)
            .Select(TrainingExample.FromCorpus)];

    private static bool InVocabulary(TrainingResult model, string ngram) =>
        Array.IndexOf(model.Model.Vocabulary, Features.NGramHash.Of(ngram)) >= 0;

    /// <summary>The category scores before calibration, in the model's order.</summary>
    private static double[] RawScores(NgramClassifier classifier, string text, string title = "")
    {
        var scores = new double[classifier.Model.Metadata.Categories.Count];
        classifier.Classify(new ProposalText(title, text), scores);
        return scores;
    }

    /// <summary>The category model's score for `other` against the best area's (before calibration).</summary>
    private static double OtherMargin(NgramClassifier classifier, string text)
    {
        var scores = new double[classifier.Model.Metadata.Categories.Count];
        classifier.Classify(new ProposalText(string.Empty, text), scores);
        var other = classifier.Model.Metadata.Categories.ToList().IndexOf(CategoryCodes.Other);
        return scores[other] - scores.Where((_, c) => c != other).Max();
    }

    [Fact]
    public void Train_CampaignTerms_AreNotReadByTheClassifier_AndTravelWithTheModel()
    {
        var model = ModelTrainer.Train(Corpus(), TestCorpus.FastOptions);
        var read = ModelTrainer.Train(Corpus(), TestCorpus.FastOptions with { CampaignTerms = [] });

        // By default the trainer reads its corpus as written (the weights are those of a model without the terms) …
        Assert.True(InVocabulary(model, "征集"));
        Assert.Equal(read.Model.Weights, model.Model.Weights);
        Assert.Equal(["实事项目", "民生实事", "民生项目", "重点民生", "征集"], model.Metadata.CampaignTerms);
        Assert.Empty(read.Metadata.CampaignTerms);
        Assert.Equal(TrainingOptions.DefaultChannelTerms, model.Metadata.ChannelTerms);

        // … and the classifier, from the model file, reads the call's name as a space ("民生实事项目征集" → " 项目 ").
        var classifier = TestCorpus.Reloaded(model.Save);
        var plain = classifier.Classify(new ProposalText(string.Empty, Probe + "，建议列入 项目 "));
        AnswerAssert.SameAnswer(plain, classifier.Classify(new ProposalText(string.Empty, Probe + "，" + CallNamed)));
        Assert.Equal(CategoryCodes.Transport, plain.Category);

        // Read like any word, the call's name draws the proposal towards `other`, where this corpus files it.
        var unmasked = read.ToClassifier(DistrictDetector.ForZhuzhou());
        Assert.True(OtherMargin(unmasked, Probe + "，" + CallNamed) > OtherMargin(unmasked, Probe + "，建议列入 项目 "));
    }

    [Fact]
    public void Train_CampaignTermsInTraining_AreNoFeaturesOfTheModel()
    {
        var model = ModelTrainer.Train(Corpus(), TestCorpus.FastOptions with { CampaignTermsInTraining = true });

        Assert.False(InVocabulary(model, "征集"));
        Assert.False(InVocabulary(model, "实事"));
        Assert.True(InVocabulary(model, "建议"));
        Assert.Equal(5, model.Metadata.CampaignTerms.Count);
    }

    [Fact]
    public void Train_CourtesyTerms_AreReadByNeitherTrainerNorClassifier()
    {
        const string Greeting = "尊敬的领导您好，";
        var corpus = TestCorpus.Build().Select(p => p with { Text = Greeting + p.Text }).Select(TrainingExample.FromCorpus).ToList();
        var model = ModelTrainer.Train(corpus, TestCorpus.FastOptions with { CourtesyTerms = ["尊敬的领导", "您好", "领导您好"] });
        var plain = ModelTrainer.Train(corpus, TestCorpus.FastOptions with { CourtesyTerms = [] });

        // Not learnt (every text of this corpus opens with the greeting, so without the option its n-grams are features) …
        Assert.True(InVocabulary(plain, "您好"));
        Assert.False(InVocabulary(model, "您好"));
        Assert.False(InVocabulary(model, "尊敬"));
        Assert.True(InVocabulary(model, "建议"));
        Assert.Equal(["尊敬的领导", "您好", "领导您好"], model.Metadata.CourtesyTerms);
        Assert.Empty(plain.Metadata.CourtesyTerms);
        Assert.Equal(TrainingOptions.DefaultCourtesyTerms, new TrainingOptions().CourtesyTerms);
        Assert.DoesNotContain(TrainingOptions.DefaultCourtesyTerms, t => t.Contains('谢'));

        // … and not read by the classifier, which takes the list from the model file: here a word the model did learn.
        var listed = plain.Model.With(plain.Model.Metadata with { CourtesyTerms = ["建议"] });
        var classifier = TestCorpus.Reloaded(listed.Save);
        var reading = plain.ToClassifier(DistrictDetector.ForZhuzhou());

        Assert.True(InVocabulary(plain, "建议"));
        Assert.Equal(RawScores(classifier, " " + Probe[2..]), RawScores(classifier, Probe));
        Assert.NotEqual(RawScores(reading, " " + Probe[2..]), RawScores(reading, Probe));
    }

    [Fact]
    public void Train_ClosingTerms_AreNotReadWhereTheyCloseTheContent_ByTrainerOrClassifier()
    {
        var corpus = TestCorpus.Build().Select(p => p with { Text = p.Text + "。谢谢！" }).Select(TrainingExample.FromCorpus).ToList();
        var model = ModelTrainer.Train(corpus, TestCorpus.FastOptions with { ClosingTerms = ["谢谢"] });
        var plain = ModelTrainer.Train(corpus, TestCorpus.FastOptions with { ClosingTerms = [] });

        // Every text of this corpus closes with it: learnt without the option, not with it.
        Assert.True(InVocabulary(plain, "谢谢"));
        Assert.False(InVocabulary(model, "谢谢"));
        Assert.Equal(["谢谢"], model.Metadata.ClosingTerms);
        Assert.Empty(plain.Metadata.ClosingTerms);

        // The classifier takes the list from the model file: a learnt word, not read where it closes the text, read elsewhere.
        var listed = plain.Model.With(plain.Model.Metadata with { ClosingTerms = ["谢谢"] });
        var classifier = TestCorpus.Reloaded(listed.Save);
        var reading = plain.ToClassifier(DistrictDetector.ForZhuzhou());

        Assert.Equal(RawScores(classifier, Probe + "。 ！"), RawScores(classifier, Probe + "。谢谢！"));
        Assert.NotEqual(RawScores(reading, Probe + "。 ！"), RawScores(reading, Probe + "。谢谢！"));
        Assert.NotEqual(RawScores(classifier, " 。" + Probe), RawScores(classifier, "谢谢。" + Probe));
        Assert.NotEqual(RawScores(classifier, Probe, title: " "), RawScores(classifier, Probe, title: "谢谢"));
    }

    [Fact]
    public void Classify_CampaignTermsInAnyOrder_AreMatchedLongestFirst()
    {
        // Trained reading the call's words, so "实事项目" left over would be read.
        var trained = ModelTrainer.Train(Corpus(), TestCorpus.FastOptions with { CampaignTerms = [] }).Model;
        var model = trained.With(trained.Metadata with { CampaignTerms = ["民生", "民生实事项目"] });
        var classifier = new NgramClassifier(model, DistrictDetector.ForZhuzhou());

        // "民生" first would leave "实事项目" to be read: compare the category scores themselves.
        double[] Scores(string text)
        {
            var scores = new double[model.Metadata.Categories.Count];
            classifier.Classify(new ProposalText(string.Empty, text), scores);
            return scores;
        }

        Assert.Equal(Scores(Probe + "，列入 "), Scores(Probe + "，列入民生实事项目"));
        Assert.NotEqual(Scores(Probe + "，列入 "), Scores(Probe + "，列入 实事项目"));
    }

    [Theory]
    [InlineData("建议列入重点民生实事项目征集", "建议列入   ")]
    [InlineData("民生实事项目", " 项目")]
    [InlineData("征集征集", "  ")]
    [InlineData("民生问题和实事", "民生问题和实事")]
    public void MaskTerms_LongestFirst_EachTermOneSpace(string text, string expected)
    {
        var mask = new Text.TermMask(new TrainingOptions().CampaignTerms);

        Assert.Equal(expected, mask.Apply(text));
    }

    [Theory]
    [InlineData("路灯坏了，请维修。谢谢！", "路灯坏了，请维修。 ！")]
    [InlineData("路灯坏了，谢谢领导！！", "路灯坏了， ！！")]
    [InlineData("路灯坏了。谢谢！谢谢！", "路灯坏了。 ！ ！")]
    [InlineData("路灯坏了 谢谢😊", "路灯坏了  😊")]
    [InlineData("谢谢", " ")]
    [InlineData("路灯坏了谢谢", "路灯坏了谢谢")]
    [InlineData("谢谢社区帮我们修好了路灯", "谢谢社区帮我们修好了路灯")]
    [InlineData("路灯修好了，谢谢社区！", "路灯修好了，谢谢社区！")]
    [InlineData("路灯坏了，多谢了。", "路灯坏了， 。")]
    [InlineData("", "")]
    [InlineData("！！", "！！")]
    public void MaskClosing_OnlyAClauseThatEndsTheText(string text, string expected)
    {
        var mask = new Text.ClosingMask(["谢谢", "谢谢领导", "多谢", "多谢了"]);

        Assert.Equal(expected, mask.Apply(text));
    }

    [Theory]
    [InlineData("尊敬的张市长：您好！小区门口的路灯坏了", " ：您好！小区门口的路灯坏了")]
    [InlineData("王书记您好！小区门口的路灯坏了", " 您好！小区门口的路灯坏了")]
    [InlineData("  尊敬的市领导：路灯坏了", "   ：路灯坏了")]
    [InlineData("尊敬的天元区领导：路灯坏了", " ：路灯坏了")]
    [InlineData("李副市长同志：路灯坏了", " ：路灯坏了")]
    [InlineData("领导，路灯坏了", " ，路灯坏了")]
    [InlineData("刘主任", " ")]
    [InlineData("尊敬的市住建局领导：路灯坏了", "尊敬的市住建局领导：路灯坏了")]
    [InlineData("尊敬的县人社局的领导：路灯坏了", "尊敬的县人社局的领导：路灯坏了")]
    [InlineData("敬爱的市委领导：路灯坏了", "敬爱的市委领导：路灯坏了")]
    [InlineData("想问问领导，路灯什么时候修", "想问问领导，路灯什么时候修")]
    [InlineData("书记带头修好了路灯", "书记带头修好了路灯")]
    [InlineData("我们小区的路灯坏了，张市长：", "我们小区的路灯坏了，张市长：")]
    [InlineData("ab市长：路灯坏了", "ab市长：路灯坏了")]
    [InlineData("", "")]
    public void MaskSalutation_OnlyAnOfficialByNameOrRank_AtTheStart(string text, string expected)
    {
        Assert.Equal(expected, Text.Salutation.Apply(text));
    }

    [Fact]
    public void Train_Salutations_AreNotReadByTheClassifier_AndTravelWithTheModel()
    {
        var corpus = TestCorpus.Build().Select(p => p with { Text = "尊敬的张市长：" + p.Text }).Select(TrainingExample.FromCorpus).ToList();
        var model = ModelTrainer.Train(corpus, TestCorpus.FastOptions);
        var plain = ModelTrainer.Train(corpus, TestCorpus.FastOptions with { Salutations = false });

        // The trainer reads its corpus as written: the same weights, the switch in the model file …
        Assert.True(InVocabulary(model, "市长"));
        Assert.Equal(plain.Model.Weights, model.Model.Weights);
        Assert.True(model.Metadata.Salutations);
        Assert.False(plain.Metadata.Salutations);
        Assert.True(new TrainingOptions().Salutations);

        // … which the classifier follows: a learnt word, not read where it opens the content as a salutation, read elsewhere.
        var classifier = TestCorpus.Reloaded(model.Save);
        var reading = plain.ToClassifier(DistrictDetector.ForZhuzhou());
        Assert.Equal(RawScores(classifier, " ：" + Probe), RawScores(classifier, "尊敬的张市长：" + Probe));
        Assert.NotEqual(RawScores(reading, " ：" + Probe), RawScores(reading, "尊敬的张市长：" + Probe));
        Assert.NotEqual(RawScores(classifier, Probe + "。 ："), RawScores(classifier, Probe + "。张市长："));

        // Looked for before the courtesy formulas are masked, which would take 书记您好 and leave the surname (路, a word of this corpus).
        Assert.Equal(RawScores(classifier, "  ！" + Probe), RawScores(classifier, "路书记您好！" + Probe));
        Assert.NotEqual(RawScores(classifier, "  ！" + Probe), RawScores(classifier, "路 ！" + Probe));
    }

    [Fact]
    public void MaskClosing_NoTerms_LeavesTheText()
    {
        Assert.Equal("路灯坏了。谢谢！", new Text.ClosingMask([]).Apply("路灯坏了。谢谢！"));
    }

    [Fact]
    public void MaskTerms_NoTerms_LeavesTheText()
    {
        Assert.Equal("民生实事项目征集", new Text.TermMask([]).Apply("民生实事项目征集"));
    }
}
