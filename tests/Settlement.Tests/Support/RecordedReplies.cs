namespace Microchannels.Settlement.Tests.Support;

/// <summary>
/// Replies recorded from Bitcoin Core v31.0.0 on regtest (curl against a node started
/// as RegtestNode starts one), byte for byte, with "id":7. <see cref="FakeBitcoind"/>
/// swaps in the id of the request it answers.
/// </summary>
internal static class RecordedReplies
{
    public const string GetBlockchainInfo = """
        {"result":{"chain":"regtest","blocks":102,"headers":102,"bestblockhash":"7baee6c5126b44ad45a8b0a90c544a35cf95e2a60fce3ebb2cb3d24278a1ebc5","bits":"207fffff","target":"7fffff0000000000000000000000000000000000000000000000000000000000","difficulty":4.656542373906925e-10,"time":1795321239,"mediantime":1795321238,"verificationprogress":1,"initialblockdownload":false,"chainwork":"00000000000000000000000000000000000000000000000000000000000000ce","size_on_disk":30922,"pruned":false,"warnings":[]},"error":null,"id":7}
        """;

    public const string GetNetworkInfo = """
        {"result":{"version":310000,"subversion":"/Satoshi:31.0.0/","protocolversion":70016,"localservices":"0000000000000c09","localservicesnames":["NETWORK","WITNESS","NETWORK_LIMITED","P2P_V2"],"localrelay":true,"timeoffset":0,"networkactive":true,"connections":0,"connections_in":0,"connections_out":0,"networks":[{"name":"ipv4","limited":false,"reachable":true,"proxy":"","proxy_randomize_credentials":false},{"name":"ipv6","limited":false,"reachable":true,"proxy":"","proxy_randomize_credentials":false},{"name":"onion","limited":true,"reachable":false,"proxy":"","proxy_randomize_credentials":false},{"name":"i2p","limited":true,"reachable":false,"proxy":"","proxy_randomize_credentials":false},{"name":"cjdns","limited":true,"reachable":false,"proxy":"","proxy_randomize_credentials":false}],"relayfee":0.00000100,"incrementalfee":0.00000100,"localaddresses":[],"warnings":[]},"error":null,"id":7}
        """;

    public const string GetBlockCount = """
        {"result":102,"error":null,"id":7}
        """;

    public const string GetBestBlockHash = """
        {"result":"7baee6c5126b44ad45a8b0a90c544a35cf95e2a60fce3ebb2cb3d24278a1ebc5","error":null,"id":7}
        """;

    public const string GetBlockHash = """
        {"result":"7baee6c5126b44ad45a8b0a90c544a35cf95e2a60fce3ebb2cb3d24278a1ebc5","error":null,"id":7}
        """;

    public const string GetBlockVerbose = """
        {"result":{"hash":"7baee6c5126b44ad45a8b0a90c544a35cf95e2a60fce3ebb2cb3d24278a1ebc5","confirmations":1,"height":102,"version":536870912,"versionHex":"20000000","merkleroot":"da28b497b8cb26ca33cd001844453d8c39fd45fd37fbbb8bb74a3fa2ad0e3dce","time":1795321239,"mediantime":1795321238,"nonce":1,"bits":"207fffff","target":"7fffff0000000000000000000000000000000000000000000000000000000000","difficulty":4.656542373906925e-10,"chainwork":"00000000000000000000000000000000000000000000000000000000000000ce","nTx":2,"previousblockhash":"5621c739346f557556cdea688c11ee6cab42e8c4b8ec63441c5c95ac20160506","strippedsize":326,"size":471,"weight":1449,"coinbase_tx":{"version":2,"locktime":101,"sequence":4294967294,"coinbase":"016600","witness":"0000000000000000000000000000000000000000000000000000000000000000"},"tx":["304c1dcd8e2ad622f8464eb0fb362ebda868e9c706cd2dbb0659f40285f99a07","4f0a57fd0d30346193d467d5fc3747b0fbf0a0733f454bfbfa71f3b3285477af"]},"error":null,"id":7}
        """;

    public const string GetBlockRaw = """
        {"result":"0000002006051620ac955c1c4463ecb8c4e842ab6cee118c68eacd5675556f3439c72156ce3d0eada23f4ab78bbbfb37fd45fd398c3d45441800cd33ca26cbb897b428da976d026bffff7f200100000002020000000001010000000000000000000000000000000000000000000000000000000000000000ffffffff03016600feffffff0204fd052a01000000160014fe40140db69c437f434d5dffabc4b632a5619d660000000000000000266a24aa21a9ed7917d6f963604735b4fd0e0ed43e54efb7a3f200f4be55fd3dda6f58749d854a0120000000000000000000000000000000000000000000000000000000000000000065000000020000000001016a134bda4069fde86fc472352282a5c33e6d1043c3d94ac9eb5304b5d7a8a37b0000000000fdffffff0280969800000000001600141d3b5b8cedbff8c6a0a8980d0cc32843ba9bfb3e7c506d2901000000160014fcd60b152aa177940c56767b2524aca68008abab024730440220313fd9b287e0885d88d8dc43ffb53ab4a9148a93f070e61e0b201659f84ade3d02204a117728a68c85720e9f8e47b0109e2a44b7e6f1de04331e568a0601305a02d70121029a0f7b3305a4eb494a5435c7ec2b544ba1996797b9bf6cfe6aa6aafc6751449031000000","error":null,"id":7}
        """;

    public const string GetRawTransactionHex = """
        {"result":"020000000001016a134bda4069fde86fc472352282a5c33e6d1043c3d94ac9eb5304b5d7a8a37b0000000000fdffffff0280969800000000001600141d3b5b8cedbff8c6a0a8980d0cc32843ba9bfb3e7c506d2901000000160014fcd60b152aa177940c56767b2524aca68008abab024730440220313fd9b287e0885d88d8dc43ffb53ab4a9148a93f070e61e0b201659f84ade3d02204a117728a68c85720e9f8e47b0109e2a44b7e6f1de04331e568a0601305a02d70121029a0f7b3305a4eb494a5435c7ec2b544ba1996797b9bf6cfe6aa6aafc6751449031000000","error":null,"id":7}
        """;

    public const string GetRawTransactionConfirmed = """
        {"result":{"txid":"4f0a57fd0d30346193d467d5fc3747b0fbf0a0733f454bfbfa71f3b3285477af","hash":"f163a164f1c9a54e36296032d7f61c69d0257c8d73f6d27249e17c7b064aaf7f","version":2,"size":222,"vsize":141,"weight":561,"locktime":49,"vin":[{"txid":"7ba3a8d7b50453ebc94ad9c343106d3ec3a582223572c46fe8fd6940da4b136a","vout":0,"scriptSig":{"asm":"","hex":""},"txinwitness":["30440220313fd9b287e0885d88d8dc43ffb53ab4a9148a93f070e61e0b201659f84ade3d02204a117728a68c85720e9f8e47b0109e2a44b7e6f1de04331e568a0601305a02d701","029a0f7b3305a4eb494a5435c7ec2b544ba1996797b9bf6cfe6aa6aafc67514490"],"sequence":4294967293}],"vout":[{"value":0.10000000,"n":0,"scriptPubKey":{"asm":"0 1d3b5b8cedbff8c6a0a8980d0cc32843ba9bfb3e","desc":"addr(bcrt1qr5a4hr8dhluvdg9gnqxseseggwafh7e79exhv3)#5mckj6tr","hex":"00141d3b5b8cedbff8c6a0a8980d0cc32843ba9bfb3e","address":"bcrt1qr5a4hr8dhluvdg9gnqxseseggwafh7e79exhv3","type":"witness_v0_keyhash"}},{"value":49.89997180,"n":1,"scriptPubKey":{"asm":"0 fcd60b152aa177940c56767b2524aca68008abab","desc":"addr(bcrt1qlntqk9f259megrzkweaj2f9v56qq32atley8sl)#qfyxlvkv","hex":"0014fcd60b152aa177940c56767b2524aca68008abab","address":"bcrt1qlntqk9f259megrzkweaj2f9v56qq32atley8sl","type":"witness_v0_keyhash"}}],"hex":"020000000001016a134bda4069fde86fc472352282a5c33e6d1043c3d94ac9eb5304b5d7a8a37b0000000000fdffffff0280969800000000001600141d3b5b8cedbff8c6a0a8980d0cc32843ba9bfb3e7c506d2901000000160014fcd60b152aa177940c56767b2524aca68008abab024730440220313fd9b287e0885d88d8dc43ffb53ab4a9148a93f070e61e0b201659f84ade3d02204a117728a68c85720e9f8e47b0109e2a44b7e6f1de04331e568a0601305a02d70121029a0f7b3305a4eb494a5435c7ec2b544ba1996797b9bf6cfe6aa6aafc6751449031000000","blockhash":"7baee6c5126b44ad45a8b0a90c544a35cf95e2a60fce3ebb2cb3d24278a1ebc5","confirmations":1,"time":1795321239,"blocktime":1795321239},"error":null,"id":7}
        """;

    public const string GetRawTransactionInMempool = """
        {"result":{"txid":"4f0a57fd0d30346193d467d5fc3747b0fbf0a0733f454bfbfa71f3b3285477af","hash":"f163a164f1c9a54e36296032d7f61c69d0257c8d73f6d27249e17c7b064aaf7f","version":2,"size":222,"vsize":141,"weight":561,"locktime":49,"vin":[{"txid":"7ba3a8d7b50453ebc94ad9c343106d3ec3a582223572c46fe8fd6940da4b136a","vout":0,"scriptSig":{"asm":"","hex":""},"txinwitness":["30440220313fd9b287e0885d88d8dc43ffb53ab4a9148a93f070e61e0b201659f84ade3d02204a117728a68c85720e9f8e47b0109e2a44b7e6f1de04331e568a0601305a02d701","029a0f7b3305a4eb494a5435c7ec2b544ba1996797b9bf6cfe6aa6aafc67514490"],"sequence":4294967293}],"vout":[{"value":0.10000000,"n":0,"scriptPubKey":{"asm":"0 1d3b5b8cedbff8c6a0a8980d0cc32843ba9bfb3e","desc":"addr(bcrt1qr5a4hr8dhluvdg9gnqxseseggwafh7e79exhv3)#5mckj6tr","hex":"00141d3b5b8cedbff8c6a0a8980d0cc32843ba9bfb3e","address":"bcrt1qr5a4hr8dhluvdg9gnqxseseggwafh7e79exhv3","type":"witness_v0_keyhash"}},{"value":49.89997180,"n":1,"scriptPubKey":{"asm":"0 fcd60b152aa177940c56767b2524aca68008abab","desc":"addr(bcrt1qlntqk9f259megrzkweaj2f9v56qq32atley8sl)#qfyxlvkv","hex":"0014fcd60b152aa177940c56767b2524aca68008abab","address":"bcrt1qlntqk9f259megrzkweaj2f9v56qq32atley8sl","type":"witness_v0_keyhash"}}],"hex":"020000000001016a134bda4069fde86fc472352282a5c33e6d1043c3d94ac9eb5304b5d7a8a37b0000000000fdffffff0280969800000000001600141d3b5b8cedbff8c6a0a8980d0cc32843ba9bfb3e7c506d2901000000160014fcd60b152aa177940c56767b2524aca68008abab024730440220313fd9b287e0885d88d8dc43ffb53ab4a9148a93f070e61e0b201659f84ade3d02204a117728a68c85720e9f8e47b0109e2a44b7e6f1de04331e568a0601305a02d70121029a0f7b3305a4eb494a5435c7ec2b544ba1996797b9bf6cfe6aa6aafc6751449031000000"},"error":null,"id":7}
        """;

    public const string GetTxOutConfirmed = """
        {"result":{"bestblock":"7baee6c5126b44ad45a8b0a90c544a35cf95e2a60fce3ebb2cb3d24278a1ebc5","confirmations":1,"value":0.10000000,"scriptPubKey":{"asm":"0 1d3b5b8cedbff8c6a0a8980d0cc32843ba9bfb3e","desc":"addr(bcrt1qr5a4hr8dhluvdg9gnqxseseggwafh7e79exhv3)#5mckj6tr","hex":"00141d3b5b8cedbff8c6a0a8980d0cc32843ba9bfb3e","address":"bcrt1qr5a4hr8dhluvdg9gnqxseseggwafh7e79exhv3","type":"witness_v0_keyhash"},"coinbase":false},"error":null,"id":7}
        """;

    public const string GetTxOutInMempool = """
        {"result":{"bestblock":"5621c739346f557556cdea688c11ee6cab42e8c4b8ec63441c5c95ac20160506","confirmations":0,"value":0.10000000,"scriptPubKey":{"asm":"0 1d3b5b8cedbff8c6a0a8980d0cc32843ba9bfb3e","desc":"addr(bcrt1qr5a4hr8dhluvdg9gnqxseseggwafh7e79exhv3)#5mckj6tr","hex":"00141d3b5b8cedbff8c6a0a8980d0cc32843ba9bfb3e","address":"bcrt1qr5a4hr8dhluvdg9gnqxseseggwafh7e79exhv3","type":"witness_v0_keyhash"},"coinbase":false},"error":null,"id":7}
        """;

    public const string TestMempoolAcceptAllowed = """
        {"result":[{"txid":"7f66b42e210a97bb27b1d7ce9a14d2203efdcf7bcd2a765ad36c87e2114a2397","wtxid":"ae3b80c6c28d44878c9af4393e269bae5b32def8d424b6450d887123171e65ab","allowed":true,"vsize":141,"fees":{"base":0.00002820,"effective-feerate":0.00020000,"effective-includes":["ae3b80c6c28d44878c9af4393e269bae5b32def8d424b6450d887123171e65ab"]}}],"error":null,"id":7}
        """;

    public const string TestMempoolAcceptBadSignature = """
        {"result":[{"txid":"7f66b42e210a97bb27b1d7ce9a14d2203efdcf7bcd2a765ad36c87e2114a2397","wtxid":"0c1912b1d987ec290d4c9482166aced41049d4ada1262eda8728de5d652d6391","allowed":false,"reject-reason":"mempool-script-verify-flag-failed (Signature must be zero for failed CHECK(MULTI)SIG operation)","reject-details":"mempool-script-verify-flag-failed (Signature must be zero for failed CHECK(MULTI)SIG operation), input 0 of 7f66b42e210a97bb27b1d7ce9a14d2203efdcf7bcd2a765ad36c87e2114a2397 (wtxid 0c1912b1d987ec290d4c9482166aced41049d4ada1262eda8728de5d652d6391), spending 4f0a57fd0d30346193d467d5fc3747b0fbf0a0733f454bfbfa71f3b3285477af:1"}],"error":null,"id":7}
        """;

    public const string SendRawTransactionBadSignature = """
        {"result":null,"error":{"code":-26,"message":"mempool-script-verify-flag-failed (Signature must be zero for failed CHECK(MULTI)SIG operation), input 0 of 7f66b42e210a97bb27b1d7ce9a14d2203efdcf7bcd2a765ad36c87e2114a2397 (wtxid 0c1912b1d987ec290d4c9482166aced41049d4ada1262eda8728de5d652d6391), spending 4f0a57fd0d30346193d467d5fc3747b0fbf0a0733f454bfbfa71f3b3285477af:1"},"id":7}
        """;

    public const string SendRawTransactionAlreadyConfirmed = """
        {"result":null,"error":{"code":-27,"message":"Transaction outputs already in utxo set"},"id":7}
        """;

    public const string EstimateSmartFeeNoData = """
        {"result":{"errors":["Insufficient data or no feerate found"],"blocks":0},"error":null,"id":7}
        """;

    public const string CreateWallet = """
        {"result":{"name":"rec"},"error":null,"id":7}
        """;

    public const string LoadWalletAlreadyLoaded = """
        {"result":null,"error":{"code":-35,"message":"Wallet \"rec\" is already loaded."},"id":7}
        """;

    public const string GetNewAddress = """
        {"result":"bcrt1qleqpgrdkn3ph7s6dthl6h39kx2jkr8tx50cekt","error":null,"id":7}
        """;

    public const string GenerateToAddressOneBlock = """
        {"result":["7baee6c5126b44ad45a8b0a90c544a35cf95e2a60fce3ebb2cb3d24278a1ebc5"],"error":null,"id":7}
        """;

    public const string SendToAddress = """
        {"result":"4f0a57fd0d30346193d467d5fc3747b0fbf0a0733f454bfbfa71f3b3285477af","error":null,"id":7}
        """;

    public const string GetBalance = """
        {"result":50.00000000,"error":null,"id":7}
        """;

    public const string ListUnspent = """
        {"result":[{"txid":"4f0a57fd0d30346193d467d5fc3747b0fbf0a0733f454bfbfa71f3b3285477af","vout":0,"address":"bcrt1qr5a4hr8dhluvdg9gnqxseseggwafh7e79exhv3","label":"","scriptPubKey":"00141d3b5b8cedbff8c6a0a8980d0cc32843ba9bfb3e","amount":0.10000000,"confirmations":1,"spendable":true,"solvable":true,"desc":"wpkh([0de44878/84h/1h/0h/0/1]02e0bce4b033e7772e7d25740a3941c938eeb4cb6fb8760e3065c425df4a3e32d8)#7fnkua3x","parent_descs":["wpkh([0de44878/84h/1h/0h]tpubDCJ5ZZmgzMpKJ3zj5eQscK8Zbqzgtc1FHXHUfNrAf9C1nXgRpea7swGxEs8B7tk3i7KZoNPq5X2gHiaaYcKTGiBQ1TZJeRw1g8NA61zmupS/0/*)#ugwasnm2"],"safe":true}],"error":null,"id":7}
        """;

    public const string GetRawMempool = """
        {"result":["4f0a57fd0d30346193d467d5fc3747b0fbf0a0733f454bfbfa71f3b3285477af"],"error":null,"id":7}
        """;

    public const string WalletNotFound = """
        {"result":null,"error":{"code":-18,"message":"Requested wallet does not exist or is not loaded"},"id":7}
        """;
}
