using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Suggestions.Classification.Model;

namespace Suggestions.Classification.Tests;

/// <summary>
/// The classifier's layout of the n-gram features (<see cref="FeatureRecords"/>): per feature its idf, weight row and
/// hidden layer rows side by side, holding exactly the model's values, each record on whole cache lines.
/// </summary>
public sealed class FeatureRecordsTests
{
    [Fact]
    public void Records_HoldTheModelsIdfWeightsAndLayerRows_OnWholeCacheLines()
    {
        var model = TestCorpus.SmallModel.Model;
        Assert.NotNull(model.Hidden);
        Assert.NotNull(model.HintHidden);
        var records = new FeatureRecords(model);

        Assert.Equal(model.VocabularySize, records.Count);
        Assert.Equal(0, records.Stride % FeatureRecords.Line);
        Assert.Equal(0, AddressOf(records.Records) % FeatureRecords.Line);
        var (categoryScales, categoryRows) = model.Hidden.Quantized();
        var (hintScales, hintRows) = model.HintHidden.Quantized();
        for (var f = 0; f < model.VocabularySize; f++)
        {
            Assert.Equal(model.Idf[f], records.Idf(f));
            Assert.True(records.Weights(f).SequenceEqual(model.Weights.AsSpan(f * model.Columns, model.Columns)));
            for (var c = 0; c < model.Columns; c++)
            {
                Assert.Equal(model.Weights[(f * model.Columns) + c], records.Weight(f, c));
            }

            AssertLayerRow(records, records.Category, f, categoryScales, categoryRows);
            AssertLayerRow(records, records.Hints, f, hintScales, hintRows);
        }
    }

    [Fact]
    public void Records_OfAModelWithoutLayers_HoldIdfAndWeightsOnly()
    {
        var model = TestCorpus.SmallModel.Model;
        var plain = new NgramModel(model.Metadata with { HiddenUnits = 0, HintHiddenUnits = 0, HiddenPool = null, HintHiddenPool = null }, model.Vocabulary, model.Idf, model.Weights, model.Bias);
        var records = new FeatureRecords(plain);

        Assert.Equal(0, records.Category.Units);
        Assert.Equal(0, records.Hints.Units);
        Assert.Equal((FeatureRecords.WeightsOffset + (model.Columns * sizeof(float)) + FeatureRecords.Line - 1) / FeatureRecords.Line * FeatureRecords.Line, records.Stride);
        for (var f = 0; f < model.VocabularySize; f++)
        {
            Assert.Equal(model.Idf[f], records.Idf(f));
            Assert.True(records.Weights(f).SequenceEqual(model.Weights.AsSpan(f * model.Columns, model.Columns)));
        }
    }

    [Fact]
    public void With_OtherMetadata_SharesTheRecords()
    {
        // A model of its own, whose records are not built yet; one copy made before they are, one after.
        var trained = TestCorpus.SmallModel.Model;
        var model = new NgramModel(trained.Metadata, trained.Vocabulary, trained.Idf, trained.Weights, trained.Bias, trained.Hidden, trained.HintHidden);
        var before = model.With(model.Metadata with { Temperature = model.Metadata.Temperature * 2 });
        var records = before.Records;
        var after = model.With(model.Metadata with { Temperature = model.Metadata.Temperature * 3 });
        Assert.Same(records, model.Records);
        Assert.Same(records, after.Records);
    }

    private static void AssertLayerRow(FeatureRecords records, FeatureRecords.LayerPlace place, int f, float[] scales, sbyte[] rows)
    {
        if (f >= place.Limit)
        {
            return;
        }

        var at = (f * records.Stride) + place.ScaleOffset;
        Assert.Equal(scales[f], MemoryMarshal.Read<float>(records.Records[at..]));
        var row = MemoryMarshal.Cast<byte, sbyte>(records.Records.Slice((f * records.Stride) + place.RowOffset, place.Units));
        Assert.True(row.SequenceEqual(rows.AsSpan(f * place.Units, place.Units)));
    }

    private static unsafe long AddressOf(ReadOnlySpan<byte> span) => (long)Unsafe.AsPointer(ref MemoryMarshal.GetReference(span));
}
