using Azure.Data.Tables;
using Suggestions.Classification.Training;
using Suggestions.Storage;
using Suggestions.Tests.Infrastructure;

namespace Suggestions.Tests.Integration;

/// <summary>The classifier's training reads reviewer corrections from the real Corrections table.</summary>
public sealed class CorrectionsTableTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task TableCorrectionSource_ReadsTheStoredCorrections()
    {
        var table = new TableClient(azurite.ConnectionString, StorageNames.CorrectionsTable);
        await table.CreateIfNotExistsAsync(TestContext.Current.CancellationToken);
        var campaign = "corr-" + Guid.NewGuid().ToString("N")[..8];
        var number = TestNumbers.New().Value;
        await table.AddEntityAsync(new TableEntity(campaign, number)
        {
            ["Title"] = "老年食堂",
            ["Content"] = "建议在社区开办老年食堂，解决独居老人吃饭难。",
            ["OldCategory"] = "food-safety",
            ["NewCategory"] = "social-security",
            ["CorrectedAt"] = DateTimeOffset.UtcNow,
        }, TestContext.Current.CancellationToken);

        var read = new List<Correction>();
        await foreach (var correction in new TableCorrectionSource(table).ReadAllAsync(TestContext.Current.CancellationToken))
        {
            read.Add(correction);
        }

        var ours = Assert.Single(read, c => c.TrackingNumber == number);
        Assert.Equal(campaign, ours.CampaignId);
        Assert.Equal("food-safety", ours.OldCategory);
        Assert.Equal("social-security", ours.NewCategory);
        Assert.Equal("老年食堂", ours.Title);
    }

    [Fact]
    public async Task TableCorrectionSource_MissingTable_MeansNoCorrections()
    {
        var table = new TableClient(azurite.ConnectionString, "Missing" + Guid.NewGuid().ToString("N")[..8]);
        var count = 0;
        await foreach (var _ in new TableCorrectionSource(table).ReadAllAsync(TestContext.Current.CancellationToken))
        {
            count++;
        }

        Assert.Equal(0, count);
    }
}
