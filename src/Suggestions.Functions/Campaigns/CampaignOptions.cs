using System.ComponentModel.DataAnnotations;

namespace Suggestions.Campaigns;

/// <summary>The calls for proposals this deployment knows, and which one is current.</summary>
public sealed class CampaignOptions
{
    public const string SectionName = "Campaigns";

    /// <summary>Id of the campaign the public endpoints serve.</summary>
    [Required]
    public string Current { get; set; } = "";

    [MinLength(1)]
    public List<CampaignDefinition> Items { get; set; } = [];
}

public sealed class CampaignDefinition
{
    [Required]
    [RegularExpression("^[a-z0-9-]{1,40}$")]
    public string Id { get; set; } = "";

    [Required]
    public string Title { get; set; } = "";

    /// <summary>First moment proposals are accepted (with offset; the city's clock is Asia/Shanghai).</summary>
    public DateTimeOffset Opens { get; set; }

    /// <summary>Moment the call closes; null for an always-open call.</summary>
    public DateTimeOffset? Closes { get; set; }

    /// <summary>Text an e-mail subject must carry, e.g. 2023年株洲市重点民生实事项目征集.</summary>
    public string EmailSubjectTag { get; set; } = "";

    /// <summary>Category codes this call accepts; empty means all of api.md.</summary>
    public List<string> Categories { get; set; } = [];

    [MinLength(1)]
    public List<string> Districts { get; set; } = [];

    /// <summary>
    /// Short forms residents write for a district, beyond the name without its suffix (芦淞 for 芦淞区, found without
    /// configuration): e.g. 云龙 → 云龙示范区, 经开区 → 株洲经开区. Each value must be one of <see cref="Districts"/>.
    /// </summary>
    public Dictionary<string, string> DistrictAliases { get; set; } = [];

    public List<string> Criteria { get; set; } = [];

    public List<CampaignChannel> Channels { get; set; } = [];

    public bool IsOpenAt(DateTimeOffset now) => now >= Opens && (Closes is null || now < Closes);
}

public sealed class CampaignChannel
{
    public string Code { get; set; } = "";

    public string Description { get; set; } = "";

    public string? Address { get; set; }
}
