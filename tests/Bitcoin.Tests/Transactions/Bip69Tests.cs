using Microchannels.Bitcoin.Scripts;
using Microchannels.Bitcoin.Transactions;

namespace Microchannels.Bitcoin.Tests.Transactions;

/// <summary>BIP 69, "Examples": the inputs and outputs of the two listed transactions, in their sorted order.</summary>
public class Bip69Tests
{
    // Transaction 0a6a357e2f7796444e02638749d9611c008b253fb55f5dc88b739b230ed0c4c3, inputs as listed (sorted).
    private static readonly (string TxId, uint Index)[] Example1Inputs =
    [
        ("0e53ec5dfb2cb8a71fec32dc9a634a35b7e24799295ddd5278217822e0b31f57", 0),
        ("26aa6e6d8b9e49bb0630aac301db6757c02e3619feb4ee0eea81eb1672947024", 1),
        ("28e0fdd185542f2c6ea19030b0796051e7772b6026dd5ddccd7a2f93b73e6fc2", 0),
        ("381de9b9ae1a94d9c17f6a08ef9d341a5ce29e2e60c36a52d333ff6203e58d5d", 1),
        ("3b8b2f8efceb60ba78ca8bba206a137f14cb5ea4035e761ee204302d46b98de2", 0),
        ("402b2c02411720bf409eff60d05adad684f135838962823f3614cc657dd7bc0a", 1),
        ("54ffff182965ed0957dba1239c27164ace5a73c9b62a660c74b7b7f15ff61e7a", 1),
        ("643e5f4e66373a57251fb173151e838ccd27d279aca882997e005016bb53d5aa", 0),
        ("6c1d56f31b2de4bfc6aaea28396b333102b1f600da9c6d6149e96ca43f1102b1", 1),
        ("7a1de137cbafb5c70405455c49c5104ca3057a1f1243e6563bb9245c9c88c191", 0),
        ("7d037ceb2ee0dc03e82f17be7935d238b35d1deabf953a892a4507bfbeeb3ba4", 1),
        ("a5e899dddb28776ea9ddac0a502316d53a4a3fca607c72f66c470e0412e34086", 0),
        ("b4112b8f900a7ca0c8b0e7c4dfad35c6be5f6be46b3458974988e1cdb2fa61b8", 0),
        ("bafd65e3c7f3f9fdfdc1ddb026131b278c3be1af90a4a6ffa78c4658f9ec0c85", 0),
        ("de0411a1e97484a2804ff1dbde260ac19de841bebad1880c782941aca883b4e9", 1),
        ("f0a130a84912d03c1d284974f563c5949ac13f8342b8112edff52971599e6a45", 0),
        ("f320832a9d2e2452af63154bc687493484a0e7745ebd3aaf9ca19eb80834ad60", 0),
    ];

    private static readonly (long Value, string Script)[] Example1Outputs =
    [
        (400057456, "76a9144a5fba237213a062f6f57978f796390bdcf8d01588ac"),
        (40000000000, "76a9145be32612930b8323add2212a4ec03c1562084f8488ac"),
    ];

    // Transaction 28204cad1d7fc1d199e8ef4fa22f182de6258a3eaafe1bbe56ebdcacd3069a5f.
    private static readonly (string TxId, uint Index)[] Example2Inputs =
    [
        ("35288d269cee1941eaebb2ea85e32b42cdb2b04284a56d8b14dcc3f5c65d6055", 0),
        ("35288d269cee1941eaebb2ea85e32b42cdb2b04284a56d8b14dcc3f5c65d6055", 1),
    ];

    private static readonly (long Value, string Script)[] Example2Outputs =
    [
        (100000000, "41046a0765b5865641ce08dd39690aade26dfbf5511430ca428a3089261361cef170e3929a68aee3d8d4848b0c5111b0a37b82b86ad559fd2a745b44d8e8d9dfdc0cac"),
        (2400000000, "41044a656f065871a353f216ca26cef8dde2f03e8c16202d2e8ad769f02032cb86a5eb5e56842e92e19141d60a01928f8dd2c875a390f67c1f6c94cfc617c0ea45afac"),
    ];

    public static TheoryData<int> Examples => [1, 2];

    [Theory]
    [MemberData(nameof(Examples))]
    public void Inputs_sort_into_the_listed_order(int example)
    {
        TxIn[] expected = Inputs(example == 1 ? Example1Inputs : Example2Inputs);

        foreach (TxIn[] shuffled in Shuffles(expected))
        {
            Assert.Equal(expected, Bip69.SortInputs(shuffled));
        }
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void Outputs_sort_into_the_listed_order(int example)
    {
        TxOut[] expected = Outputs(example == 1 ? Example1Outputs : Example2Outputs);

        foreach (TxOut[] shuffled in Shuffles(expected))
        {
            Assert.Equal(expected, Bip69.SortOutputs(shuffled));
        }
    }

    [Fact]
    public void Listed_input_order_is_display_order_not_internal_byte_order()
    {
        // The BIP's "reversed byte-order" is the display order; sorting by the
        // internal (wire) bytes would give a different order for example 1.
        TxIn[] listed = Inputs(Example1Inputs);
        TxIn[] byInternalBytes = [.. listed.OrderBy(input => Convert.ToHexStringLower(input.PrevOut.TxId.ToBytes()), StringComparer.Ordinal)];
        Assert.NotEqual(listed, byInternalBytes);
    }

    [Fact]
    public void Equal_amounts_sort_by_script_bytes_shorter_prefix_first()
    {
        var longer = new TxOut(new Satoshis(1000), Script.FromHex("0014aa"));
        var shorter = new TxOut(new Satoshis(1000), Script.FromHex("0014"));
        var smaller = new TxOut(new Satoshis(1000), Script.FromHex("0013ff"));
        var cheaper = new TxOut(new Satoshis(999), Script.FromHex("ff"));

        Assert.Equal<TxOut>([cheaper, smaller, shorter, longer], Bip69.SortOutputs([longer, shorter, cheaper, smaller]));
    }

    [Fact]
    public void Same_txid_sorts_by_output_index_as_an_integer()
    {
        TxId txId = TxId.Parse("35288d269cee1941eaebb2ea85e32b42cdb2b04284a56d8b14dcc3f5c65d6055");
        TxIn high = new(new OutPoint(txId, 256), TxIn.SequenceFinal);
        TxIn low = new(new OutPoint(txId, 2), TxIn.SequenceFinal);

        // 256 is 00 01 00 00 little-endian, which would sort before 02 00 00 00 as bytes.
        Assert.Equal<TxIn>([low, high], Bip69.SortInputs([high, low]));
    }

    [Fact]
    public void Sorted_output_order_reports_where_each_output_came_from()
    {
        TxOut[] outputs = Outputs(Example1Outputs);
        TxOut[] given = [outputs[1], outputs[0], outputs[1] with { Value = new Satoshis(5) }];

        Assert.Equal<int>([2, 1, 0], Bip69.SortedOutputOrder(given));
    }

    [Fact]
    public void Sorting_a_transaction_sorts_both_sides()
    {
        TxIn[] inputs = Inputs(Example2Inputs);
        TxOut[] outputs = Outputs(Example2Outputs);
        var tx = new Transaction(1, [inputs[1], inputs[0]], [outputs[1], outputs[0]], 0);

        Transaction sorted = Bip69.Sort(tx);

        Assert.Equal(inputs, sorted.Inputs);
        Assert.Equal(outputs, sorted.Outputs);
    }

    private static TxIn[] Inputs((string TxId, uint Index)[] rows) =>
        [.. rows.Select(row => new TxIn(new OutPoint(TxId.Parse(row.TxId), row.Index), TxIn.SequenceFinal))];

    private static TxOut[] Outputs((long Value, string Script)[] rows) =>
        [.. rows.Select(row => new TxOut(new Satoshis(row.Value), Script.FromHex(row.Script)))];

    private static IEnumerable<T[]> Shuffles<T>(T[] items)
    {
        yield return [.. items.Reverse()];
        var random = new Random(69);
        for (int i = 0; i < 20; i++)
        {
            T[] copy = [.. items];
            random.Shuffle(copy);
            yield return copy;
        }
    }
}
