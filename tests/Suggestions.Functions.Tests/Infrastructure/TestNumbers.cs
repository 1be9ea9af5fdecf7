using Suggestions.Tracking;

namespace Suggestions.Tests.Infrastructure;

/// <summary>
/// Well-formed tracking numbers for fixtures, sealed with a key of the tests' own: the apps under test never
/// issued them, so a status lookup of one that was not stored answers 404.
/// </summary>
internal static class TestNumbers
{
    public static TrackingSeal Seal { get; } = TrackingSeal.CreateRandom();

    public static TrackingNumber New() => Seal.NewNumber();
}
