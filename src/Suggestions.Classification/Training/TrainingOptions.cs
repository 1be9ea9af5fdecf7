namespace Suggestions.Classification.Training;

public sealed record TrainingOptions
{
    public const string LogisticRegression = "logistic-regression";
    public const string NaiveBayes = "naive-bayes";

    /// <summary>Naive Bayes variants: the classic multinomial one, or complement naive Bayes (Rennie et al. 2003).</summary>
    public const string Multinomial = "multinomial";

    public const string Complement = "complement";

    /// <summary>Both naive Bayes variants as separate parts of the ensemble (needs <see cref="Stacking"/> to weigh them).</summary>
    public const string BothVariants = "both";

    /// <summary>
    /// Logistic regression plus naive Bayes: both are linear, so their weighted sum is one model. The
    /// weights come from the out-of-fold answers (<see cref="Stacking"/>) or are fixed (1 : <see cref="NaiveBayesMix"/>).
    /// </summary>
    public const string Ensemble = "ensemble";

    /// <summary><see cref="Ensemble"/> (default), <see cref="LogisticRegression"/> or <see cref="NaiveBayes"/> for the category model.</summary>
    public string Algorithm { get; init; } = Ensemble;

    /// <summary>
    /// Folds of consecutive examples per category instead of shuffled ones (for <c>cv</c>: near-duplicate
    /// texts written one after another then cannot flatter the out-of-fold figures).
    /// </summary>
    public bool BlockedFolds { get; init; }

    /// <summary>Cross-fitting folds over the training examples (calibration, thresholds, hint features).</summary>
    public int Folds { get; init; } = 5;

    /// <summary>
    /// Candidates for the category model's regularisation (L2 strength, or the naive Bayes smoothing),
    /// chosen by out-of-fold log-loss. Null: a default grid for the algorithm.
    /// </summary>
    public IReadOnlyList<double>? Regularization { get; init; }

    /// <summary>Scale of the naive Bayes logits added to the logistic ones in <see cref="Ensemble"/> without <see cref="Stacking"/>.</summary>
    public double NaiveBayesMix { get; init; } = 1;

    /// <summary>Smoothing of the naive Bayes part of <see cref="Ensemble"/> (the multinomial part when <see cref="NaiveBayesVariant"/> is <see cref="BothVariants"/>).</summary>
    public double NaiveBayesAlpha { get; init; } = 0.1;

    public double HintRegularization { get; init; } = 1e-4;

    /// <summary>
    /// Each learned hint as logistic regression plus naive Bayes, stacked on the hint's out-of-fold logits
    /// (part weights and bias), like the category model (default since the eleventh session); off: logistic
    /// regression alone (with a hint's hidden layer, <see cref="HintHiddenUnits"/>, still stacked beside it).
    /// </summary>
    public bool HintEnsemble { get; init; } = true;

    /// <summary>
    /// Units of the category model's hidden layer (<see cref="Model.HiddenLayer"/>, nineteenth session), a third part stacked
    /// with the logistic and naive Bayes parts; 0: none.
    /// </summary>
    public int HiddenUnits { get; init; } = 64;

    /// <summary>How many of the vocabulary's most frequent n-grams feed the hidden layer (the lexicon groups always do).</summary>
    public int HiddenNgrams { get; init; } = 40_000;

    /// <summary>Passes over the training texts when fitting the hidden layer.</summary>
    public int HiddenEpochs { get; init; } = 8;

    /// <summary>
    /// The first epoch (1-based) whose end-of-epoch weights are averaged into the hidden layers (every layer the trainer
    /// fits): the mean of the snapshots after epochs <c>HiddenAverageFrom</c> to <see cref="HiddenEpochs"/> instead of the last
    /// alone (twenty-ninth session, AV; Polyak–Ruppert averaging). 0 (the default): the last epoch's weights, the layer fitted
    /// before the option existed.
    /// </summary>
    public int HiddenAverageFrom { get; init; }

    /// <summary>
    /// Fit the category model's logistic part on features scaled by the naive Bayes part's centred weights (thirtieth session,
    /// NV; NBSVM-style, Wang &amp; Manning 2012): each weight is <c>s × u</c>, s = max(|r| / mean |r|, <see cref="NbScaleFloor"/>),
    /// with the L2 penalty on u, so n-grams naive Bayes finds telling are regularised less. Training only (the products are
    /// stored). Off (the default): the plain logistic part. Only with the two-part <see cref="Ensemble"/>.
    /// </summary>
    public bool NbScaledLogistic { get; init; }

    /// <summary>The smallest factor of <see cref="NbScaledLogistic"/>: a weight naive Bayes finds neutral still moves.</summary>
    public const double NbScaleFloor = 0.1;

    /// <summary>
    /// Fit the category layer on top of naive Bayes (thirtieth session, RL; wide-and-deep style): while it is fitted, each
    /// text's layer output is added to its out-of-fold naive Bayes scores (at their best temperature) before the softmax, so
    /// the units learn what those scores miss. Training only; the layer is stacked as before. Off (the default): the layer
    /// fitted alone.
    /// </summary>
    public bool HiddenResidual { get; init; }

    /// <summary>
    /// Label smoothing in the category layer's fit (thirtieth session, LB): each text's target per class is (1 − e) × its
    /// target + e / the classes. The hints' layers are unchanged. 0 (the default): none, the layer fitted before the option.
    /// </summary>
    public double HiddenLabelSmoothing { get; init; }

    /// <summary>
    /// The hints whose logistic part is fitted on features scaled by that hint's naive Bayes weights, as
    /// <see cref="NbScaledLogistic"/> does for the categories (thirtieth session, HV′; the default since): the structure and
    /// clause-topic features, which naive Bayes does not model, keep factor 1. Only with <see cref="HintEnsemble"/>. Not
    /// <c>not_feasible_this_year</c>, the hint with the fewest examples: scaled, its F1 fell on two of three streams of fresh
    /// writers (docs/classifier.md, "Thirtieth session"). Empty: the plain logistic parts, the design before.
    /// </summary>
    public IReadOnlyList<string> HintNbScaledCodes { get; init; } =
        [HintCodes.MultiIssue, HintCodes.PersonalGrievance, HintCodes.OutsideRemit, HintCodes.Unclear];

    /// <summary>
    /// The category hidden layer's Adagrad step size: 0.1 since the twentieth session (0.2 before; with writers held out
    /// the smaller step fitted better, and it gained on three streams of fresh writers).
    /// </summary>
    public double HiddenRate { get; init; } = 0.1;

    /// <summary>The hints' hidden layers' Adagrad step size (<see cref="HintHiddenUnits"/>).</summary>
    public double HintHiddenRate { get; init; } = 0.2;

    /// <summary>Each unit of a hidden layer reads the weighted sum of the text's rows (the design from the nineteenth session to the twenty-sixth).</summary>
    public const string SumPool = "sum";

    /// <summary>
    /// Each unit of a hidden layer reads, besides that sum, the largest value its n-gram rows take over the text's n-grams: one
    /// phrase's evidence, which the unit-length sum dilutes as the rest of the text grows (twenty-seventh session, M and HM).
    /// </summary>
    public const string SumMaxPool = "summax";

    /// <summary>
    /// Each unit of a hidden layer reads, besides the sum, the mean of the two largest values its n-gram rows take over the
    /// text's n-grams (the one value when there is one): what one phrase can add is halved (twenty-seventh session, T2).
    /// </summary>
    public const string SumTopTwoPool = "sumtop2";

    /// <summary>
    /// Each unit of a hidden layer reads the sum, the largest and the smallest value its n-gram rows take over the text's
    /// n-grams: the strongest evidence against the unit's reading, undiluted, beside the strongest for it (twenty-ninth
    /// session, MN).
    /// </summary>
    public const string SumMaxMinPool = "summaxmin";

    /// <summary>
    /// How the category hidden layer's units pool the text's n-gram rows: <see cref="SumMaxPool"/> since the twenty-seventh
    /// session (it gained on three streams of fresh writers), or <see cref="SumPool"/> (the design before). The hints' layers have
    /// their own, <see cref="HintHiddenPool"/>.
    /// </summary>
    public string HiddenPool { get; init; } = SumMaxPool;

    /// <summary>
    /// How the hints' hidden layers' units pool the text's n-gram rows (<see cref="HintHiddenUnits"/>): <see cref="SumMaxPool"/>
    /// since the twenty-seventh session (HM: the four hints' F1 rose on three streams of fresh writers), or <see cref="SumPool"/>
    /// (the design before).
    /// </summary>
    public string HintHiddenPool { get; init; } = SumMaxPool;

    /// <summary>The value of <see cref="HiddenNgramOrder"/> for the most frequent n-grams (the design since the nineteenth session).</summary>
    public const string FrequencyOrder = "frequency";

    /// <summary>The value of <see cref="HiddenNgramOrder"/> for the n-grams that tell the most about the category.</summary>
    public const string InformationOrder = "information";

    /// <summary>
    /// Which <see cref="HiddenNgrams"/> n-grams of the vocabulary the hidden layers read: the most frequent (<see cref="FrequencyOrder"/>),
    /// or those whose presence tells the most about a text's category (<see cref="InformationOrder"/>, information gain over the
    /// training texts; twenty-eighth session, IG). The vocabulary is the same; only its order, and so the layers' part of it, moves.
    /// </summary>
    public string HiddenNgramOrder { get; init; } = FrequencyOrder;

    /// <summary>
    /// How far an n-gram whose link to a category does not carry from one writer to another is weakened (twenty-ninth session,
    /// WI). For each vocabulary n-gram the trainer compares what its presence tells about the category across all training
    /// texts with what it tells about each writer's texts when learnt from the other writers' alone
    /// (<see cref="TrainingExample.Writer"/>); the share that carries, r in [0, 1], scales the n-gram's idf by
    /// <c>WriterFloor + (1 - WriterFloor) r</c>. The scaled idf is stored in the model, so the classifier reads the same weights.
    /// 1 (the default): no n-gram is weakened, the model is the one trained before the option existed.
    /// </summary>
    public double WriterFloor { get; init; } = 1;

    /// <summary>
    /// How each learned hint's threshold is chosen from its out-of-fold probabilities: 0 (the default), the threshold with the
    /// best F1 on them; N above 0, the median of that threshold over N bootstrap resamples of them (twenty-ninth session, BT),
    /// which moves less with the few texts nearest the boundary.
    /// </summary>
    public int HintThresholdResamples { get; init; }

    /// <summary>The share of the hidden units switched off at random for each training text.</summary>
    public double HiddenDropout { get; init; } = 0.3;

    /// <summary>
    /// The chance that each n-gram of a training text is left out of one pass of the category layer's fit (twenty-eighth
    /// session, ND): the layer learns to decide from part of a text, as it must on a short one. The kept n-grams are rescaled
    /// to the n-grams' norm; lexicon groups are always read. Training only: the model's file and speed do not change. 0: none.
    /// </summary>
    public double HiddenInputDropout { get; init; }

    /// <summary>
    /// Units of a hidden layer for each hint of <see cref="HintHiddenCodes"/> (twentieth session): a third part stacked with
    /// the hint's logistic and naive Bayes parts, over the same inputs as the category layer; 0: none.
    /// </summary>
    public int HintHiddenUnits { get; init; } = 8;

    /// <summary>
    /// The hints that get a hidden layer when <see cref="HintHiddenUnits"/> is above 0. Not <c>outside_remit</c>: with a layer its
    /// ranking of fresh writers' texts fell (average precision −0.011 summed over three streams; docs/classifier.md,
    /// "Twentieth session").
    /// </summary>
    public IReadOnlyList<string> HintHiddenCodes { get; init; } =
        [HintCodes.MultiIssue, HintCodes.PersonalGrievance, HintCodes.NotFeasibleThisYear, HintCodes.Unclear];

    /// <summary>
    /// Whether the category scores are scaled by the text's length before calibration (<see cref="Features.LengthScale"/>),
    /// with the slope fitted with the temperature on the out-of-fold scores (nineteenth session). Without it, one
    /// temperature for every length left short texts under-confident and long ones over-confident.
    /// </summary>
    public bool LengthScale { get; init; }

    /// <summary>Whether the naive Bayes part of <see cref="HintEnsemble"/> also sees the structure and clause-topic features.</summary>
    public bool HintBayesStructure { get; init; }

    /// <summary>
    /// Share of the corpus texts that get a second, training-only copy with a made-up self-introduction (who the writer is,
    /// where they live, a phone number: <see cref="SelfIntroductions"/>) before or after it, under the same labels, so
    /// that such details move neither the category nor a hint. 0: none. A copy trains wherever its text trains (the same
    /// fold) and is never scored out of fold; the vocabulary's document frequencies come from the texts alone.
    /// Default 0.5 since the twelfth session (docs/classifier.md), for the hint models only (<see cref="IntroCategoryWeight"/> 0).
    /// </summary>
    public double IntroShare { get; init; } = 0.5;

    /// <summary>Weight of an introduced copy relative to its text's, in the hint models.</summary>
    public double IntroWeight { get; init; } = 0.5;

    /// <summary>Weight of an introduced copy relative to its text's, in the category model; 0: the category model never sees them.</summary>
    public double IntroCategoryWeight { get; init; }

    /// <summary>
    /// Share of the corpus texts that get a second, training-only copy for the category model that is a short window of
    /// their content (<see cref="TextCrops"/>: whole consecutive sentences, <see cref="CropMinChars"/> to
    /// <see cref="CropMaxChars"/> characters, no title), under the text's category and <c>also</c> labels; for an area, only
    /// a window holding a term of that area's lexicon group qualifies (a text without one gets no copy). The hint models
    /// never see them. A copy trains wherever its text trains and is never scored out of fold. 0: none (twenty-sixth
    /// session, C: measured, docs/classifier.md).
    /// </summary>
    public double CropShare { get; init; }

    /// <summary>
    /// Share of the corpus texts of an area (not <c>other</c>, not corrections) that get a training-only copy for the category
    /// model with one neutral sentence of another corpus text before or after it (twenty-eighth session, NS): a sentence of
    /// <see cref="NeutralMinChars"/> to <see cref="NeutralMaxChars"/> characters in which no area's lexicon term is found
    /// (greetings, framings, accounts of what was tried, chat — from the texts of all thirteen categories), so that such
    /// sentences stop being evidence for <c>other</c> by themselves. Same labels; the hint models never see them. 0: none.
    /// </summary>
    public double NeutralShare { get; init; }

    /// <summary>Weight of a copy with a neutral sentence relative to its text's, in the category model.</summary>
    public double NeutralWeight { get; init; } = 0.5;

    /// <summary>Fewest non-blank characters of a neutral sentence.</summary>
    public int NeutralMinChars { get; init; } = 4;

    /// <summary>Most non-blank characters of a neutral sentence.</summary>
    public int NeutralMaxChars { get; init; } = 40;

    /// <summary>Weight of a cropped copy relative to its text's, in the category model.</summary>
    public double CropWeight { get; init; } = 0.5;

    /// <summary>Fewest non-blank characters of a cropped copy.</summary>
    public int CropMinChars { get; init; } = 8;

    /// <summary>Most non-blank characters of a cropped copy.</summary>
    public int CropMaxChars { get; init; } = 60;

    /// <summary>Smoothing of the complement naive Bayes part when <see cref="NaiveBayesVariant"/> is <see cref="BothVariants"/>.</summary>
    public double ComplementAlpha { get; init; } = 0.1;

    /// <summary><see cref="Multinomial"/>, <see cref="Complement"/> or <see cref="BothVariants"/>.</summary>
    public string NaiveBayesVariant { get; init; } = Complement;

    /// <summary>
    /// Whether the weights of the logistic and naive Bayes parts, and a bias shift per class, are fitted
    /// on the out-of-fold predictions (minimum log-loss) instead of the fixed 1 : <see cref="NaiveBayesMix"/>.
    /// </summary>
    public bool Stacking { get; init; } = true;

    /// <summary>L2 on the per-class bias shifts of <see cref="Stacking"/>.</summary>
    public double BiasShiftRegularization { get; init; } = 0.01;

    /// <summary>Scale of the lexicon-group feature values seen by the category model (folded into its weights, so inference is unchanged).</summary>
    public double LexiconScale { get; init; } = 0.35;

    /// <summary>
    /// Share of a training text's target given to its <c>also</c> categories (soft labels): a text a
    /// reviewer would accept in two areas should not push the model entirely away from the second.
    /// </summary>
    public double AlsoShare { get; init; } = 0.25;

    public int MaxFeatures { get; init; } = 80_000;

    /// <summary>
    /// Count an area term inside a longer area term only as the longer one (加班 inside 增加班次, 自行车
    /// inside 电动自行车). Criteria cues count wherever they occur.
    /// </summary>
    public bool LongestTermMatch { get; init; }

    /// <summary>
    /// Words that name the call for proposals itself, stored in the model (<see cref="Model.ModelMetadata.CampaignTerms"/>):
    /// the classifier reads each as one space. Empty: read like any word (the design before the fourteenth session).
    /// </summary>
    public IReadOnlyList<string> CampaignTerms { get; init; } = DefaultCampaignTerms;

    /// <summary>
    /// Whether the trainer also reads <see cref="CampaignTerms"/> as spaces. Off: the trainer reads its corpus as written
    /// and only the classifier skips them.
    /// </summary>
    public bool CampaignTermsInTraining { get; init; }

    /// <summary>
    /// Names of the channels residents use to reach the city and a message board's field labels, stored in the model
    /// (<see cref="Model.ModelMetadata.ChannelTerms"/>): the classifier reads each as one space; the trainer reads them.
    /// </summary>
    public IReadOnlyList<string> ChannelTerms { get; init; } = DefaultChannelTerms;

    /// <summary>The city hotline's names and the field labels of a public message board's page (fourteenth session).</summary>
    public static IReadOnlyList<string> DefaultChannelTerms { get; } =
    [
        "12345政务服务便民热线", "12345热线", "12345", "市长热线", "市民热线", "政务热线", "便民热线",
        "留言时间", "留言内容", "留言标题", "留言编号", "留言对象", "来信时间", "来信内容", "来信标题", "回复时间", "回复单位", "回复内容", "办理单位", "办理结果",
    ];

    /// <summary>
    /// Forms of address and courtesy formulas of a letter to officials (尊敬的领导, 此致, 望领导重视 …) and the labels of contact
    /// details (联系电话 …), read as one space by trainer and classifier alike (<see cref="Model.ModelMetadata.CourtesyTerms"/>; fifteenth session, docs/classifier.md).
    /// </summary>
    public IReadOnlyList<string> CourtesyTerms { get; init; } = DefaultCourtesyTerms;

    /// <summary>
    /// What labels a phone number or an address for a reply (联系电话：…, 联系人：…; sixteenth session, C, docs/classifier.md).
    /// The classifier never reads the number itself (<see cref="Text.TextNormalizer.NormalizeForClassification(ReadOnlySpan{char}, Span{char})"/>);
    /// the label left behind said "advertisement" (in the corpus 7 of the 19 texts with 联系电话 are `other`, against 16 % of
    /// all texts) and moved 1–2 points of fresh writers' proposals there when a resident added a phone number.
    /// </summary>
    public static IReadOnlyList<string> DefaultContactLabels { get; } =
        ["联系电话", "联系方式", "联系手机", "手机号码", "手机号", "电话号码", "联系人", "微信号", "电子邮箱", "邮箱地址"];

    /// <summary>
    /// How a writer names the text as their own suggestion or idea (以上是我的一点想法, 我的建议是：, 仅供参考; seventeenth
    /// session, F, docs/classifier.md). In the corpus 想法 sits mostly in `other` texts (18 of 42), so "以上是我的一点想法。" at
    /// the end of a proposal moved 3.5–7.9 points of fresh writers' proposals to `other`. Other wordings of the same idea
    /// (这些是我个人的一点看法, 说说我的想法) are still read.
    /// </summary>
    public static IReadOnlyList<string> DefaultSuggestionFormulas { get; } =
    [
        "以上是我的建议", "以上是我的一点建议", "以上是我的几点建议", "以上就是我的建议", "以上是我的想法", "以上是我的一点想法",
        "以上就是我的想法", "以上是我的一点小建议", "以上是我的意见", "以上是我的一点意见", "以上建议", "以上意见", "我的建议是",
        "我的建议如下", "我的想法是", "仅供参考", "供参考", "一点小建议", "一点浅见",
    ];

    /// <summary>
    /// Greetings, forms of address, requests for a reply or for attention, and the letter's close — written from the
    /// conventions of a letter to officials, not from the corpus — the labels of contact details
    /// (<see cref="DefaultContactLabels"/>) and the formulas that name the text as the writer's suggestion
    /// (<see cref="DefaultSuggestionFormulas"/>). Not in it: words of thanks (谢谢, 感谢 …), which are what a thank-you letter
    /// (filed `other`) says; with them the corpus's own texts lost 0.2 points (GT, fifteenth session).
    /// </summary>
    public static IReadOnlyList<string> DefaultCourtesyTerms { get; } =
    [
        "尊敬的领导", "尊敬的市长", "尊敬的书记", "尊敬的各位领导", "各位领导", "领导您好", "领导你好", "市长您好", "书记您好", "领导们好",
        "您好", "你好", "此致", "敬礼", "盼复", "盼回复", "望回复", "请回复", "期待回复", "期待您的回复", "望领导重视", "请领导重视",
        "恳请领导重视", "望领导关注", "望采纳", "望予采纳",
        .. DefaultContactLabels,
        .. DefaultSuggestionFormulas,
    ];

    /// <summary>
    /// Formulas read as one space where they close a message's content and stand as their own clause
    /// (<see cref="Text.ClosingMask"/>), by trainer and classifier alike. None by default: the closing 谢谢 so masked (CT,
    /// sixteenth session, docs/classifier.md) helped the texts as written and failed the rule on two other frames.
    /// </summary>
    public IReadOnlyList<string> ClosingTerms { get; init; } = [];

    /// <summary>
    /// Have the classifier read a salutation to an official by name or rank that opens the content (尊敬的张市长：, 王书记您好)
    /// as one space (<see cref="Text.Salutation"/>; X2, sixteenth session, docs/classifier.md). The trainer reads its corpus as
    /// written (X, which masked in training too, moved the weights).
    /// </summary>
    public bool Salutations { get; init; } = true;

    /// <summary>
    /// Whether the model's classifier reads the addressee of an earlier contact as one space (<see cref="Text.ContactMask"/>,
    /// recorded in <see cref="Model.ModelMetadata.ContactMask"/>); the trainer reads its corpus as written either way.
    /// Twenty-sixth session, A (docs/classifier.md).
    /// </summary>
    public bool ContactMask { get; init; }

    /// <summary>The name of the city's call for key livelihood projects (重点民生实事项目征集), in its parts.</summary>
    public static IReadOnlyList<string> DefaultCampaignTerms { get; } = ["民生实事", "实事项目", "民生项目", "重点民生", "征集"];

    /// <summary>Longest character n-gram (1 to 6).</summary>
    public int NGramMax { get; init; } = Features.TextScanner.DefaultMaxN;

    /// <summary>
    /// An n-gram in the title counts this many times: a title names the proposal in a few words, while
    /// a letter's body also carries greetings, background and courtesy.
    /// </summary>
    public double TitleWeight { get; init; } = 2;

    /// <summary>
    /// How much an n-gram after the second enumeration marker (一、… 二、…) counts: a multi-issue text is
    /// filed under its first issue. Texts without a list are unaffected. Keep it ≥ 0.5 (sub-linear tf).
    /// </summary>
    public double LaterItemWeight { get; init; } = 0.5;

    /// <summary>N-grams seen in fewer documents than this are dropped (not for corrected texts).</summary>
    public int MinDocumentFrequency { get; init; } = 3;

    /// <summary>
    /// Whether the category model sees the structure features (length bins, list markers, empty title,
    /// clause count). Off: an area is about what is asked, not how long or how laid out the message is.
    /// With them, short texts leaned to <c>other</c> (in the corpus most chit-chat is short), so a short
    /// "交通太乱了" could lose its area. The hint models always see them.
    /// </summary>
    public bool CategoryStructure { get; init; }

    /// <summary>Whether the category model sees the criteria-cue lexicon groups (first person, money, remit words …).</summary>
    public bool CategoryCues { get; init; } = true;

    /// <summary>The <see cref="Classification.BroadLexicon"/> is not used.</summary>
    public const string BroadNone = "none";

    /// <summary>The broad terms join their category's curated lexicon group.</summary>
    public const string BroadMerge = "merge";

    /// <summary>The broad terms form a second group per category, weighed apart from the curated words.</summary>
    public const string BroadSeparate = "separate";

    /// <summary>How the <see cref="Classification.BroadLexicon"/> enters the features: <see cref="BroadNone"/>, <see cref="BroadMerge"/> or <see cref="BroadSeparate"/>.</summary>
    public string BroadLexicon { get; init; } = BroadMerge;

    /// <summary>The broad terms per category; null: the embedded <see cref="Classification.BroadLexicon.Terms"/>.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>>? BroadTerms { get; init; }

    /// <summary>Whether the criteria-cue groups also hold the broad cue words (<see cref="Classification.BroadLexicon.Cues"/>).</summary>
    public bool BroadCues { get; init; } = true;

    /// <summary>The broad cue words per cue group; null: the embedded <see cref="Classification.BroadLexicon.Cues"/>.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>>? BroadCueTerms { get; init; }

    /// <summary>
    /// A broad-lexicon term is dropped when at least <see cref="BroadTermMinCount"/> training texts contain
    /// it and fewer than this share of them are filed (or also accepted) under its area: the term was
    /// written without seeing the texts, and the texts say it points elsewhere (动车 inside 电动车, 菜市 of
    /// 菜市场 in convenience texts). 0 keeps every term.
    /// </summary>
    public double BroadTermMinAgreement { get; init; } = 0.5;

    /// <summary>Training texts a broad term must occur in before <see cref="BroadTermMinAgreement"/> is applied.</summary>
    public int BroadTermMinCount { get; init; } = 3;

    /// <summary>
    /// Weight of one extra training row per category-lexicon term (its n-grams, labelled with its category),
    /// so the n-grams inside a term the texts never used still point to its area; 0 = none. These rows only
    /// ever join the training side: out-of-fold figures, calibration and thresholds come from the texts.
    /// </summary>
    public double TermExampleWeight { get; init; }

    public double CorrectionWeight { get; init; } = 3;

    /// <summary>The category mix of the training texts is kept as the model's prior.</summary>
    public const string CorpusPrior = "corpus";

    /// <summary>Every category is assumed equally likely, whatever share of the training texts it has.</summary>
    public const string UniformPrior = "uniform";

    /// <summary>
    /// The category mix the model assumes of the texts it will classify: <see cref="CorpusPrior"/> or
    /// <see cref="UniformPrior"/>. The training corpus's mix says how much we wrote of each area (more
    /// <c>other</c> and <c>convenience</c>, as hard cases), not how often a city's residents write about it, so a
    /// classifier trained on it over-answers the areas we wrote most. <see cref="UniformPrior"/> moves each
    /// category's score by ln(uniform share / corpus share) — the correction of a prior under label shift — and the
    /// calibration is fitted with the training texts weighted to the same mix.
    /// </summary>
    public string Prior { get; init; } = CorpusPrior;

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
