"use strict";
// Copyright (c) .NET Foundation. All rights reserved.
// Licensed under the MIT License.
Object.defineProperty(exports, "__esModule", { value: true });
exports.getWorkerMetadata = void 0;
const constants_1 = require("../constants");
const WorkerContext_1 = require("../WorkerContext");
function getWorkerMetadata() {
    const result = {
        runtimeName: 'node',
        runtimeVersion: process.versions.node,
        // analytics team wants bitness to be consistent across workers, so we have to adjust this
        workerBitness: process.arch === 'ia32' ? 'x86' : process.arch,
        workerVersion: constants_1.version,
    };
    if (WorkerContext_1.worker.app.programmingModel) {
        result.customProperties = {
            modelName: WorkerContext_1.worker.app.programmingModel.name,
            modelVersion: WorkerContext_1.worker.app.programmingModel.version,
        };
    }
    return result;
}
exports.getWorkerMetadata = getWorkerMetadata;
//# sourceMappingURL=getWorkerMetadata.js.map