using Suggestions.Classification.Training;

namespace Suggestions.Classification.Tests;

/// <summary>
/// The hidden layers' n-grams by information (<see cref="TrainingOptions.HiddenNgramOrder"/> <see cref="TrainingOptions.InformationOrder"/>,
/// twenty-eighth session, IG): the vocabulary is reordered so that the layers' part of it holds the n-grams that tell the most
/// about the category.
/// </summary>
public sealed class InformativeNgramTests
{
    [Fact]
    public void InformativeFirst_PutsTheNgramsThatTellTheCategoryFirst_EachPartInItsOwnOrder()
    {
        // Eight texts, two classes of four. Hash 10 is in every text (tells nothing), 11 in the four of class 0 (tells all),
        // 12 in two of class 0 and two of class 1 (nothing), 13 in three of class 1 and none of class 0 (much), 14 in one text.
        HashSet<ulong>[] texts =
        [
            [10, 11, 12], [10, 11, 12], [10, 11], [10, 11, 14],
            [10, 12, 13], [10, 12, 13], [10, 13], [10],
        ];
        int[] labels = [0, 0, 0, 0, 1, 1, 1, 1];
        ulong[] vocabulary = [10, 12, 11, 13, 14];

        Assert.Equal([11UL, 13UL, 10UL, 12UL, 14UL], ModelTrainer.InformativeFirst(vocabulary, texts, labels, 2, 2));

        // Three first: 14 (one text, some information) before 10 and 12 (none); the rest keep their order.
        Assert.Equal([11UL, 13UL, 14UL, 10UL, 12UL], ModelTrainer.InformativeFirst(vocabulary, texts, labels, 2, 3));

        // All of them: the vocabulary's own order.
        Assert.Equal(vocabulary, ModelTrainer.InformativeFirst(vocabulary, texts, labels, 2, 5));
    }

    [Fact]
    public void Train_InformationOrder_KeepsTheVocabulary_ChangesTheLayersPartOfIt_AndTheFileAnswersAsTrained()
    {
        var examples = TestCorpus.Build().Select(TrainingExample.FromCorpus).ToList();
        var options = TestCorpus.FastOptions with { HiddenUnits = 8, HiddenNgrams = 60, HiddenEpochs = 2 };
        var byFrequency = ModelTrainer.Train(examples, options);
        var byInformation = ModelTrainer.Train(examples, options with { HiddenNgramOrder = TrainingOptions.InformationOrder });

        Assert.Equal(byFrequency.Model.Vocabulary.Order(), byInformation.Model.Vocabulary.Order());
        Assert.NotEqual(byFrequency.Model.Vocabulary.Take(60).Order(), byInformation.Model.Vocabulary.Take(60).Order());
        Assert.Equal(60, byInformation.Model.Metadata.HiddenNgramInputs);
        Assert.Equal(1, byInformation.Metadata.Training["hiddenNgramsByInformation"]);
        Assert.False(byFrequency.Metadata.Training.ContainsKey("hiddenNgramsByInformation"));
        TestCorpus.AssertFileAnswersAsTrained(byInformation);
    }

    [Fact]
    public void Train_RefusesAnUnknownOrder()
    {
        var error = TestCorpus.AssertTrainingRefuses(TestCorpus.FastOptions with { HiddenNgramOrder = "alphabet" });
        Assert.Contains("alphabet", error.Message);
    }
}
