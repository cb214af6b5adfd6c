"use strict";
// Copyright (c) .NET Foundation. All rights reserved.
// Licensed under the MIT License.
Object.defineProperty(exports, "__esModule", { value: true });
exports.getHooks = void 0;
const errors_1 = require("../errors");
const WorkerContext_1 = require("../WorkerContext");
function getHooks(hookName) {
    switch (hookName) {
        case 'preInvocation':
            return WorkerContext_1.worker.app.preInvocationHooks;
        case 'postInvocation':
            return WorkerContext_1.worker.app.postInvocationHooks;
        case 'appStart':
            return WorkerContext_1.worker.app.appStartHooks;
        case 'appTerminate':
            return WorkerContext_1.worker.app.appTerminateHooks;
        default:
            throw new errors_1.AzFuncRangeError(`Unrecognized hook "${hookName}"`);
    }
}
exports.getHooks = getHooks;
//# sourceMappingURL=getHooks.js.map