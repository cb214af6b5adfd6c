"use strict";
// Copyright (c) .NET Foundation. All rights reserved.
// Licensed under the MIT License.
Object.defineProperty(exports, "__esModule", { value: true });
exports.coreApiLog = void 0;
const WorkerContext_1 = require("../WorkerContext");
const fromCoreStatusResult_1 = require("./converters/fromCoreStatusResult");
function coreApiLog(level, category, message) {
    WorkerContext_1.worker.log({
        message,
        level: (0, fromCoreStatusResult_1.fromCoreLogLevel)(level),
        logCategory: (0, fromCoreStatusResult_1.fromCoreLogCategory)(category),
    });
}
exports.coreApiLog = coreApiLog;
//# sourceMappingURL=coreApiLog.js.map