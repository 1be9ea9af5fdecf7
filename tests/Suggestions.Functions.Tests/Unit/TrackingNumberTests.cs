using Suggestions.Tracking;

namespace Suggestions.Tests.Unit;

public sealed class TrackingNumberTests
{
    [Fact]
    public void NewNumber_IsThirteenCrockfordCharactersThatParseBack()
    {
        for (var i = 0; i < 1000; i++)
        {
            var number = TrackingNumber.NewNumber();
            Assert.Matches("^[0-9A-HJKMNP-TV-Z]{13}$", number.Value);
            Assert.Equal(TrackingNumber.ParseError.None, TrackingNumber.TryParse(number.Display, out var parsed));
            Assert.Equal(number, parsed);
        }
    }

    [Fact]
    public void NewNumber_DrawsDistinctNumbers()
    {
        var numbers = Enumerable.Range(0, 20_000).Select(_ => TrackingNumber.NewNumber().Value).ToHashSet();
        Assert.Equal(20_000, numbers.Count);
    }

    [Fact]
    public void TryParse_ToleratesCaseSpacesAndLookAlikes()
    {
        var number = TrackingNumber.NewNumber();
        var spoken = string.Join(' ', number.Value.Chunk(3).Select(c => new string(c))).ToLowerInvariant()
            .Replace('0', 'o').Replace('1', 'l');
        Assert.Equal(TrackingNumber.ParseError.None, TrackingNumber.TryParse(spoken, out var parsed));
        Assert.Equal(number.Value, parsed.Value);
    }

    [Fact]
    public void TryParse_AnySingleMistypedCharacter_IsCaught()
    {
        const string alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
        var number = TrackingNumber.NewNumber().Value;
        for (var position = 0; position < number.Length; position++)
        {
            foreach (var replacement in alphabet.Where(c => c != number[position]))
            {
                var typo = number[..position] + replacement + number[(position + 1)..];
                Assert.Equal(TrackingNumber.ParseError.CheckCharacter, TrackingNumber.TryParse(typo, out _));
            }
        }
    }

    [Fact]
    public void TryParse_SwappedNeighbours_AreCaughtAlmostAlways()
    {
        var caught = 0;
        var swaps = 0;
        for (var i = 0; i < 500; i++)
        {
            var number = TrackingNumber.NewNumber().Value;
            for (var p = 0; p < number.Length - 1; p++)
            {
                if (number[p] == number[p + 1])
                {
                    continue;
                }

                swaps++;
                var swapped = number[..p] + number[p + 1] + number[p] + number[(p + 2)..];
                if (TrackingNumber.TryParse(swapped, out _) != TrackingNumber.ParseError.None)
                {
                    caught++;
                }
            }
        }

        // Luhn mod 32 misses only swaps of one specific pair of values.
        Assert.True(caught >= swaps * 0.99, $"{caught} of {swaps} swaps caught");
    }

    [Theory]
    [InlineData("")]
    [InlineData("ABC")]
    [InlineData("ABCD-EFGH-JKMN-PQ")]
    [InlineData("ABCD-EFGH-JKMN-U")]
    [InlineData("编号编号编号编号编号编号编")]
    public void TryParse_WrongShape_IsFormatError(string input) =>
        Assert.Equal(TrackingNumber.ParseError.Format, TrackingNumber.TryParse(input, out _));
}
