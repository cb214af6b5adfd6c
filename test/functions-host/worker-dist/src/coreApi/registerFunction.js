"use strict";
// Copyright (c) .NET Foundation. All rights reserved.
// Licensed under the MIT License.
Object.defineProperty(exports, "__esModule", { value: true });
exports.registerFunction = void 0;
const path = require("path");
const Disposable_1 = require("../Disposable");
const errors_1 = require("../errors");
const WorkerContext_1 = require("../WorkerContext");
const fromCoreFunctionMetadata_1 = require("./converters/fromCoreFunctionMetadata");
function registerFunction(metadata, callback) {
    if (WorkerContext_1.worker.app.workerIndexingLocked) {
        throw new errors_1.AzFuncSystemError('A function can only be registered during app startup.');
    }
    WorkerContext_1.worker.app.isUsingWorkerIndexing = true;
    const functionId = metadata.functionId || metadata.name;
    if (functionId in WorkerContext_1.worker.app.functions) {
        throw new errors_1.AzFuncSystemError(`A function with id "${functionId}" has already been registered.`);
    }
    const rpcMetadata = (0, fromCoreFunctionMetadata_1.fromCoreFunctionMetadata)(metadata);
    rpcMetadata.functionId = functionId;
    // `rawBindings` is what's actually used by the host
    // `bindings` is used by the js library in both the old host indexing and the new worker indexing
    rpcMetadata.rawBindings = Object.entries(metadata.bindings).map(([name, binding]) => {
        return JSON.stringify(Object.assign(Object.assign({}, binding), { name }));
    });
    // The host validates that the `scriptFile` property is defined. Neither the host nor the worker needs it, but tooling like the portal may use it so we'll make a best guess
    // (The real script file may be a separate file referenced from the entry point, or it may be coming from a different entry point entirely if there are some async shenanigans)
    if (WorkerContext_1.worker.app.currentEntryPoint) {
        rpcMetadata.scriptFile = path.basename(WorkerContext_1.worker.app.currentEntryPoint);
        rpcMetadata.directory = path.dirname(WorkerContext_1.worker.app.currentEntryPoint);
    }
    else {
        rpcMetadata.scriptFile = 'unknown';
    }
    WorkerContext_1.worker.app.functions[functionId] = { metadata: rpcMetadata, callback };
    return new Disposable_1.Disposable(() => {
        if (WorkerContext_1.worker.app.workerIndexingLocked) {
            throw new errors_1.AzFuncSystemError('A function can only be disposed during app startup.');
        }
        else {
            delete WorkerContext_1.worker.app.functions[functionId];
        }
    });
}
exports.registerFunction = registerFunction;
//# sourceMappingURL=registerFunction.js.map