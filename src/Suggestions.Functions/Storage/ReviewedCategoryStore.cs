using Azure.Data.Tables;
using Suggestions.Classification.Training;

namespace Suggestions.Storage;

/// <summary>Where every reviewer decision leaves the proposal's category, for recalibrating the classifier.</summary>
public interface IReviewedCategoryStore
{
    /// <summary>
    /// Records <paramref name="reviewed"/>, replacing an earlier decision's row for the same proposal except
    /// for the model's answer: a null <see cref="ReviewedCategory.ModelCategory"/> keeps the stored one, so the
    /// row goes on saying what the classifier said, not what the previous reviewer did.
    /// </summary>
    Task SaveAsync(ReviewedCategory reviewed, CancellationToken cancellationToken);
}

/// <summary>
/// Table <c>ReviewedCategories</c>: PartitionKey = campaign, RowKey = tracking number — one row per decided
/// proposal (<see cref="TableReviewedCategorySource"/> reads it). Only the title and text are kept (a
/// recalibration classifies them again), never contact data.
/// </summary>
public sealed class TableReviewedCategoryStore(TableServiceClient tables) : IReviewedCategoryStore
{
    private readonly TableClient _table = tables.GetTableClient(StorageNames.ReviewedCategoriesTable);

    public async Task SaveAsync(ReviewedCategory reviewed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reviewed);
        var entity = new TableEntity(reviewed.CampaignId, reviewed.TrackingNumber)
        {
            ["Title"] = reviewed.Title,
            ["Content"] = reviewed.Content,
            ["Category"] = reviewed.Category,
            ["Action"] = reviewed.Action,
            ["ReviewedAt"] = reviewed.ReviewedAt,
        };
        if (reviewed.ModelCategory is not null)
        {
            entity["ModelCategory"] = reviewed.ModelCategory;
            entity["ModelVersion"] = reviewed.ModelVersion;
        }

        // Merge: properties not given here (the model's answer, on a later decision) stay as they are.
        await _table.UpsertEntityAsync(entity, TableUpdateMode.Merge, cancellationToken);
    }
}
