namespace Suggestions.Storage;

/// <summary>Names of the queues, tables and containers (one place, so infra and code agree).</summary>
public static class StorageNames
{
    public const string IncomingQueue = "suggestions-incoming";
    public const string DecisionFollowUpQueue = "decision-followups";
    public const string PoisonSuffix = "-poison";
    public const string SuggestionsTable = "Suggestions";
    public const string ReviewIndexTable = "ReviewIndex";
    public const string IdempotencyTable = "IdempotencyKeys";
    // The two tables the classifier's offline tools read are named where their readers are.
    public const string CorrectionsTable = Classification.Training.TableCorrectionSource.TableName;
    public const string ReviewedCategoriesTable = Classification.Training.TableReviewedCategorySource.TableName;
    public const string ClaimCheckContainer = "claim-checks";
    public const string KeysContainer = "app-keys";
    public const string TrackingSealBlob = "tracking-seal.key";

    public static IReadOnlyList<string> Queues { get; } =
        [IncomingQueue, IncomingQueue + PoisonSuffix, DecisionFollowUpQueue, DecisionFollowUpQueue + PoisonSuffix];

    public static IReadOnlyList<string> Tables { get; } = [SuggestionsTable, ReviewIndexTable, IdempotencyTable, CorrectionsTable, ReviewedCategoriesTable];
}
