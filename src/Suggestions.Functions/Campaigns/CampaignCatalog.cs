using Microsoft.Extensions.Options;
using Suggestions.Classification;

namespace Suggestions.Campaigns;

/// <summary>Read access to the configured campaigns.</summary>
public sealed class CampaignCatalog
{
    private readonly Dictionary<string, CampaignDefinition> _byId;
    private readonly Dictionary<string, DistrictDetector> _detectors;

    public CampaignCatalog(IOptions<CampaignOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var value = options.Value;
        _byId = value.Items.ToDictionary(c => c.Id, StringComparer.Ordinal);
        _detectors = value.Items.ToDictionary(c => c.Id, c => new DistrictDetector(c.Districts, c.DistrictAliases), StringComparer.Ordinal);
        Current = _byId[value.Current];
    }

    public CampaignDefinition Current { get; }

    public CampaignDefinition? Find(string? id) => id is not null && _byId.TryGetValue(id, out var c) ? c : null;

    public DistrictDetector DistrictsOf(string campaignId) => _detectors[campaignId];

    public static IReadOnlyList<string> CategoriesOf(CampaignDefinition campaign)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        return campaign.Categories.Count > 0 ? campaign.Categories : CategoryCodes.All;
    }
}

/// <summary>Checks what data annotations can't: cross references between the campaign settings.</summary>
public sealed class CampaignOptionsValidator : IValidateOptions<CampaignOptions>
{
    public ValidateOptionsResult Validate(string? name, CampaignOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (!options.Items.Any(c => c.Id == options.Current))
        {
            failures.Add($"Campaigns:Current '{options.Current}' is not one of Campaigns:Items.");
        }

        if (options.Items.GroupBy(c => c.Id).Any(g => g.Count() > 1))
        {
            failures.Add("Campaign ids must be unique.");
        }

        foreach (var campaign in options.Items)
        {
            var unknown = campaign.Categories.Where(c => CategoryCatalog.Find(c) is null).ToList();
            if (unknown.Count > 0)
            {
                failures.Add($"Campaign '{campaign.Id}' names unknown categories: {string.Join(", ", unknown)}.");
            }

            var strayAliases = DistrictDetector.StrayAliases(campaign.Districts, campaign.DistrictAliases).Select(a => $"{a.Key} → {a.Value}").ToList();
            if (strayAliases.Count > 0)
            {
                failures.Add($"Campaign '{campaign.Id}' has district aliases for districts not in its list: {string.Join(", ", strayAliases)}.");
            }

            if (campaign.Closes is { } closes && closes <= campaign.Opens)
            {
                failures.Add($"Campaign '{campaign.Id}' closes before it opens.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
