using Azure.Data.Tables;
using Suggestions.Classification.Training;

namespace Suggestions.Storage;

/// <summary>Where a reviewer's recategorisation is kept for the next training run (<see cref="TableCorrectionSource"/> reads it).</summary>
public interface ICorrectionStore
{
    Task SaveAsync(Correction correction, CancellationToken cancellationToken);
}

/// <summary>
/// Table <c>Corrections</c>: PartitionKey = campaign, RowKey = tracking number — one row per proposal, the
/// latest recategorisation wins, so a reviewer who changes their mind leaves one label, not two. Only the
/// proposal's title and text are kept (training needs them), never contact data.
/// </summary>
public sealed class TableCorrectionStore(TableServiceClient tables) : ICorrectionStore
{
    private readonly TableClient _table = tables.GetTableClient(StorageNames.CorrectionsTable);

    public async Task SaveAsync(Correction correction, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(correction);
        var entity = new TableEntity(correction.CampaignId, correction.TrackingNumber)
        {
            ["Title"] = correction.Title,
            ["Content"] = correction.Content,
            ["OldCategory"] = correction.OldCategory,
            ["NewCategory"] = correction.NewCategory,
            ["CorrectedAt"] = correction.CorrectedAt,
        };
        await _table.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
    }
}
