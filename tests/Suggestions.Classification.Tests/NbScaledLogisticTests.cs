using Suggestions.Classification.Training;

namespace Suggestions.Classification.Tests;

/// <summary>
/// The category model's logistic part fitted on features scaled by the naive Bayes part's weights
/// (<see cref="TrainingOptions.NbScaledLogistic"/>, thirtieth session, NV; NBSVM-style).
/// </summary>
public sealed class NbScaledLogisticTests
{
    /// <summary>Three classes; feature 3 appears in every text (neutral), feature 4 only in one class-0 text.</summary>
    private static SparseRows Rows()
    {
        var data = new SparseRows();
        for (var i = 0; i < 5; i++)
        {
            data.Add([(0, 1f), (3, 0.5f)], 0, 1);
            data.Add([(1, 1f), (3, 0.5f)], 1, 1);
            data.Add([(2, 1f), (3, 0.5f)], 2, 1);
        }

        data.Add([(4, 1f)], 0, 1);
        return data;
    }

    [Fact]
    public void UnitScale_IsThePlainFit()
    {
        var data = Rows();
        var rows = Enumerable.Range(0, data.Count).ToArray();
        var plain = SoftmaxRegression.Train(data, rows, 3, 6, 1e-2, 200);
        var ones = SoftmaxRegression.Train(data, rows, 3, 6, 1e-2, 200, scale: [.. Enumerable.Repeat(1f, 18)]);
        Assert.Equal(plain.Weights, ones.Weights);
        Assert.Equal(plain.Bias, ones.Bias);
    }

    [Fact]
    public void AWeightWithALargerFactor_IsRegularisedLess()
    {
        // Features 0 and 1 carry their classes equally; feature 0's factors are 3×, feature 1's ⅓×. Under strong L2 the
        // larger factor leaves the larger stored weight, and the stored weights are the products (one linear map).
        var data = Rows();
        var rows = Enumerable.Range(0, data.Count).ToArray();
        var scale = Enumerable.Repeat(1f, 18).ToArray();
        for (var k = 0; k < 3; k++)
        {
            scale[k] = 3f;
            scale[3 + k] = 1f / 3;
        }

        var model = SoftmaxRegression.Train(data, rows, 3, 6, 0.3, 200, scale: scale);
        var plain = SoftmaxRegression.Train(data, rows, 3, 6, 0.3, 200);
        Assert.True(model.Weights[0] > plain.Weights[0]);
        Assert.True(model.Weights[(1 * 3) + 1] < plain.Weights[(1 * 3) + 1]);
        Assert.True(model.Weights[0] > 2 * model.Weights[(1 * 3) + 1]);
        var z = model.Logits(data, 0);
        Assert.Equal(0, Array.IndexOf(z, z.Max()));
    }

    [Fact]
    public void Factors_AverageOneOverTouchedFeatures_FollowNaiveBayes_AndKeepTheFloor()
    {
        var data = Rows();
        var rows = Enumerable.Range(0, data.Count).ToArray();
        var bayes = NaiveBayes.TrainComplement(data, rows, 3, 6, 0.1);
        var scale = SoftmaxRegression.NaiveBayesScale(bayes, data, rows, 0.1);

        Assert.Equal(18, scale.Length);
        Assert.All(scale, s => Assert.True(s >= 0.1f));
        // Features 0–4 are touched; their |weight| / mean averages 1 (before the floor lifts any).
        var touched = Enumerable.Range(0, 15).Select(i => Math.Abs(bayes.Weights[i])).ToArray();
        var mean = touched.Average();
        for (var i = 0; i < 15; i++)
        {
            Assert.Equal(Math.Max(touched[i] / mean, 0.1), scale[i], 5);
        }

        // The class word's own class gets a larger factor than the neutral word's (which naive Bayes finds in every class).
        Assert.True(scale[0] > scale[(3 * 3) + 0]);
        // Feature 5 is in no text: it does not count in the mean.
        Assert.Equal(Math.Max(Math.Abs(bayes.Weights[15]) / mean, 0.1), scale[15], 5);
    }

    [Fact]
    public void Train_RecordsTheOption_ChangesTheWeights_TheFileAnswersAsTrained_AndNeedsTheTwoPartEnsemble()
    {
        var options = TestCorpus.FastOptions with { HiddenUnits = 0, HintHiddenUnits = 0 };
        TestCorpus.AssertOptionTakesEffect(options, options with { NbScaledLogistic = true }, "nbScaledLogistic", 1);

        TestCorpus.AssertTrainingRefuses(options with { NbScaledLogistic = true, Algorithm = TrainingOptions.LogisticRegression });
        TestCorpus.AssertTrainingRefuses(options with { NbScaledLogistic = true, NaiveBayesVariant = TrainingOptions.BothVariants });
    }
}

/// <summary>The hints' logistic parts fitted on features scaled by their naive Bayes weights (<see cref="TrainingOptions.HintNbScaledCodes"/>, HV).</summary>
public sealed class HintNbScaledLogisticTests
{
    [Fact]
    public void Train_ChangesTheListedHintsColumnsOnly_RecordsThem_AndTheFileAnswersAsTrained()
    {
        // The small corpus labels personal_grievance only; every fourth text also gets `unclear`, so two hints are learned.
        var examples = TestCorpus.Build()
            .Select((p, i) => i % 4 == 0 ? p with { Hints = [.. p.Hints, HintCodes.Unclear] } : p)
            .Select(TrainingExample.FromCorpus).ToList();
        var options = TestCorpus.FastOptions with { HiddenUnits = 0, HintHiddenUnits = 0, HintNbScaledCodes = [] };
        var plain = ModelTrainer.Train(examples, options);
        var a = plain.Model;
        var columns = a.Columns;

        // The hints the small corpus has enough examples of (the others stay silent, all weights zero): list the first.
        var learned = a.Metadata.Hints.Where((_, h) => Enumerable.Range(0, a.Weights.Length / columns).Any(f => a.Weights[(f * columns) + a.CategoryCount + h] != 0)).ToList();
        Assert.True(learned.Count >= 2);
        string[] listed = [learned[0]];
        var scaled = ModelTrainer.Train(examples, options with { HintNbScaledCodes = listed });
        Assert.Equal(1, scaled.Metadata.Training[$"hintNbScaled.{learned[0]}"]);
        Assert.DoesNotContain(scaled.Metadata.Training.Keys, k => k == $"hintNbScaled.{learned[1]}");
        Assert.DoesNotContain(plain.Metadata.Training.Keys, k => k.StartsWith("hintNbScaled.", StringComparison.Ordinal));

        // Every category column and every unlisted hint's column is the plain model's; the listed hint's is not.
        var b = scaled.Model;
        var differs = new bool[columns];
        for (var i = 0; i < a.Weights.Length; i++)
        {
            differs[i % columns] |= a.Weights[i] != b.Weights[i];
        }

        for (var c = 0; c < columns; c++)
        {
            var isListed = c >= a.CategoryCount && listed.Contains(a.Metadata.Hints[c - a.CategoryCount]);
            Assert.True(isListed == differs[c], $"column {c}: {(c >= a.CategoryCount ? a.Metadata.Hints[c - a.CategoryCount] : "category")} listed {isListed} differs {differs[c]}");
        }

        Assert.Equal(a.Bias.Take(a.CategoryCount), b.Bias.Take(b.CategoryCount));
        TestCorpus.AssertFileAnswersAsTrained(scaled);

        // Without the naive Bayes part there is nothing to scale by: the model trained without the option.
        var single = options with { HintEnsemble = false };
        Assert.Equal(ModelTrainer.Train(examples, single).Version[^8..], ModelTrainer.Train(examples, single with { HintNbScaledCodes = listed }).Version[^8..]);
        TestCorpus.AssertTrainingRefuses(options with { HintNbScaledCodes = ["too_long"] });

        // The default: four hints scaled, not not_feasible_this_year (thirtieth session, HV′).
        Assert.Equal([HintCodes.MultiIssue, HintCodes.PersonalGrievance, HintCodes.OutsideRemit, HintCodes.Unclear], new TrainingOptions().HintNbScaledCodes);
    }

    [Fact]
    public void HintFactors_KeepOneForTheStructureFeatures_UnlessNaiveBayesModelsThem()
    {
        // Two classes; features 0–2 are n-grams, 3–4 structure flags (structureOffset 3). As in training, the naive Bayes
        // rows hold the n-grams only unless HintBayesStructure; the flags split the classes as sharply as the n-grams.
        const int structureOffset = 3;
        var data = new SparseRows();
        var bayesData = new SparseRows();
        for (var i = 0; i < 6; i++)
        {
            (int, float)[] positive = [(0, 1f), (2, 0.3f), (3, 1f)];
            (int, float)[] negative = [(1, 1f), (2, 0.3f), (4, 1f)];
            data.Add(positive, 1, 1);
            data.Add(negative, 0, 1);
            bayesData.Add(positive.Where(x => x.Item1 < structureOffset), 1, 1);
            bayesData.Add(negative.Where(x => x.Item1 < structureOffset), 0, 1);
        }

        var rows = Enumerable.Range(0, data.Count).ToArray();
        var bayes = NaiveBayes.Train(bayesData, rows, 2, 5, 0.1);
        var plain = SoftmaxRegression.NaiveBayesScale(bayes, bayesData, rows, TrainingOptions.NbScaleFloor);
        var scale = ModelTrainer.HintNaiveBayesScale(bayes, bayesData, rows, structureOffset, bayesStructure: false);

        Assert.Equal(plain.Take(structureOffset * 2), scale.Take(structureOffset * 2));
        Assert.Contains(scale.Take(structureOffset * 2), s => Math.Abs(s - 1f) > 0.05f);
        Assert.All(scale.Skip(structureOffset * 2), s => Assert.Equal(1f, s));
        // naive Bayes alone would have given the flags (which it never saw) a factor other than 1
        Assert.Contains(plain.Skip(structureOffset * 2), s => s != 1f);

        // With HintBayesStructure naive Bayes models the flags too, and they take its factors like every other feature.
        var withStructure = NaiveBayes.Train(data, rows, 2, 5, 0.1);
        var both = ModelTrainer.HintNaiveBayesScale(withStructure, data, rows, structureOffset, bayesStructure: true);
        Assert.Equal(SoftmaxRegression.NaiveBayesScale(withStructure, data, rows, TrainingOptions.NbScaleFloor), both);
        Assert.Contains(both.Skip(structureOffset * 2), s => Math.Abs(s - 1f) > 0.05f);
    }
}
