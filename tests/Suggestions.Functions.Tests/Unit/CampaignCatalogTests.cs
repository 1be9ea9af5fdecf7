using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Suggestions.Campaigns;

namespace Suggestions.Tests.Unit;

public sealed class CampaignCatalogTests
{
    private static CampaignOptions Options(Dictionary<string, string> aliases) => new()
    {
        Current = "c",
        Items =
        [
            new CampaignDefinition
            {
                Id = "c",
                Title = "t",
                Districts = ["云龙示范区", "株洲经开区", "芦淞区"],
                DistrictAliases = aliases,
            },
        ],
    };

    /// <summary>The campaigns this repository ships (appsettings.json, copied next to the tests), bound as the app binds them.</summary>
    private static CampaignOptions Shipped()
    {
        var configuration = new ConfigurationBuilder().AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json")).Build();
        return configuration.GetSection(CampaignOptions.SectionName).Get<CampaignOptions>()!;
    }

    [Fact]
    public void DistrictsOf_UsesTheCampaignsAliases()
    {
        var catalog = new CampaignCatalog(Microsoft.Extensions.Options.Options.Create(Options(new() { ["云龙"] = "云龙示范区" })));

        var districts = catalog.DistrictsOf("c");

        Assert.Equal("云龙示范区", districts.Detect("云龙这边新修的路"));
        Assert.Equal("芦淞区", districts.Detect("芦淞服饰市场")); // the name without its suffix needs no alias
        Assert.Null(districts.Detect("经开区的企业招工")); // no alias configured for it here
    }

    [Fact]
    public void Validate_AliasForADistrictNotInTheList_Fails()
    {
        var result = new CampaignOptionsValidator().Validate(null, Options(new() { ["河西"] = "天元区" }));

        Assert.True(result.Failed);
        Assert.Contains("河西 → 天元区", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void ShippedCampaigns_Validate_AndKnowZhuzhousShortForms()
    {
        var options = Shipped();

        Assert.True(new CampaignOptionsValidator().Validate(null, options).Succeeded);
        var catalog = new CampaignCatalog(Microsoft.Extensions.Options.Options.Create(options));
        foreach (var campaign in options.Items)
        {
            Assert.Equal("云龙示范区", catalog.DistrictsOf(campaign.Id).Detect("云龙这边新修的路"));
            Assert.Equal("株洲经开区", catalog.DistrictsOf(campaign.Id).Detect("经开区的企业招工"));
        }
    }
}
