namespace Suggestions.Storage;

/// <summary>Names of the two queue clients: one encodes base64 (what the trigger expects), one moves raw text.</summary>
public static class StorageClientNames
{
    public const string Base64 = "base64";
    public const string Raw = "raw";
}
