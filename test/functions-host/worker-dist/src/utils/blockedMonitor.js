"use strict";
// Copyright (c) .NET Foundation. All rights reserved.
// Licensed under the MIT License.
Object.defineProperty(exports, "__esModule", { value: true });
exports.startBlockedMonitor = void 0;
const rpc_1 = require("./../../azure-functions-language-worker-protobuf/src/rpc");
var LogCategory = rpc_1.AzureFunctionsRpcMessages.RpcLog.RpcLogCategory;
var LogLevel = rpc_1.AzureFunctionsRpcMessages.RpcLog.Level;
const blockedAt = require("blocked-at");
function startBlockedMonitor(worker, threshold = 500, intreval = 10000) {
    function logBlockedWarning(message) {
        worker.log({
            message,
            level: LogLevel.Warning,
            logCategory: LogCategory.System,
        });
    }
    logBlockedWarning(`Monitoring for blocking code is turned on, with a threshold of ${threshold} ms. This will have a negative impact on performance. Adjust "AZURE_FUNCTIONS_NODE_BLOCK_LOG" to turn it off. ` +
        'IMPORTANT NOTE: The stack traces are only an approximation and you should analyze all synchronous operations');
    let blockedHistory = [];
    //threshold - minimum miliseconds of blockage to report.
    //other parameters are default, more details on https://github.com/naugtur/blocked-at.
    blockedAt((ms, stack) => {
        const date = new Date();
        blockedHistory.push({ time: date.toISOString(), duration: ms, stack: stack });
    }, { threshold: threshold });
    // Log blockedHistory if it's not empty each 10 seconds
    return setInterval(() => {
        if (blockedHistory.length > 0) {
            logBlockedWarning(`Blocking code monitoring history: ${JSON.stringify(blockedHistory)}`);
            blockedHistory = [];
        }
    }, intreval);
}
exports.startBlockedMonitor = startBlockedMonitor;
//# sourceMappingURL=blockedMonitor.js.map