"use strict";
// Copyright (c) .NET Foundation. All rights reserved.
// Licensed under the MIT License.
var __awaiter = (this && this.__awaiter) || function (thisArg, _arguments, P, generator) {
    function adopt(value) { return value instanceof P ? value : new P(function (resolve) { resolve(value); }); }
    return new (P || (P = Promise))(function (resolve, reject) {
        function fulfilled(value) { try { step(generator.next(value)); } catch (e) { reject(e); } }
        function rejected(value) { try { step(generator["throw"](value)); } catch (e) { reject(e); } }
        function step(result) { result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected); }
        step((generator = generator.apply(thisArg, _arguments || [])).next());
    });
};
var __classPrivateFieldSet = (this && this.__classPrivateFieldSet) || function (receiver, state, value, kind, f) {
    if (kind === "m") throw new TypeError("Private method is not writable");
    if (kind === "a" && !f) throw new TypeError("Private accessor was defined without a setter");
    if (typeof state === "function" ? receiver !== state || !f : !state.has(receiver)) throw new TypeError("Cannot write private member to an object whose class did not declare it");
    return (kind === "a" ? f.call(receiver, value) : f ? f.value = value : state.set(receiver, value)), value;
};
var __classPrivateFieldGet = (this && this.__classPrivateFieldGet) || function (receiver, state, kind, f) {
    if (kind === "a" && !f) throw new TypeError("Private accessor was defined without a getter");
    if (typeof state === "function" ? receiver !== state || !f : !state.has(receiver)) throw new TypeError("Cannot read private member from an object whose class did not declare it");
    return kind === "m" ? f : kind === "a" ? f.call(receiver) : f ? f.value : state.get(receiver);
};
var _CoreInvocationContext_msgCategory;
Object.defineProperty(exports, "__esModule", { value: true });
exports.InvocationHandler = void 0;
const fromCoreInvocationResponse_1 = require("../coreApi/converters/fromCoreInvocationResponse");
const fromCoreStatusResult_1 = require("../coreApi/converters/fromCoreStatusResult");
const toCoreFunctionMetadata_1 = require("../coreApi/converters/toCoreFunctionMetadata");
const toCoreInvocationRequest_1 = require("../coreApi/converters/toCoreInvocationRequest");
const errors_1 = require("../errors");
const executeHooks_1 = require("../hooks/executeHooks");
const LegacyFunctionLoader_1 = require("../LegacyFunctionLoader");
const nonNull_1 = require("../utils/nonNull");
const WorkerContext_1 = require("../WorkerContext");
const EventHandler_1 = require("./EventHandler");
/**
 * Host requests worker to invoke a Function
 */
class InvocationHandler extends EventHandler_1.EventHandler {
    constructor() {
        super(...arguments);
        this.responseName = 'invocationResponse';
    }
    getDefaultResponse(msg) {
        return { invocationId: msg.invocationId };
    }
    handleEvent(msg) {
        return __awaiter(this, void 0, void 0, function* () {
            const functionId = (0, nonNull_1.nonNullProp)(msg, 'functionId');
            let registeredFunc;
            if (WorkerContext_1.worker.app.isUsingWorkerIndexing) {
                registeredFunc = WorkerContext_1.worker.app.functions[functionId];
            }
            else {
                registeredFunc = (0, LegacyFunctionLoader_1.getLegacyFunction)(functionId);
            }
            if (!registeredFunc) {
                throw new errors_1.AzFuncSystemError(`Function code for '${functionId}' is not loaded and cannot be invoked.`);
            }
            let { metadata, callback } = registeredFunc;
            const msgCategory = `${(0, nonNull_1.nonNullProp)(metadata, 'name')}.Invocation`;
            const coreCtx = new CoreInvocationContext((0, toCoreInvocationRequest_1.toCoreInvocationRequest)(msg), (0, toCoreFunctionMetadata_1.toCoreFunctionMetadata)(metadata), msgCategory);
            // Log invocation details to ensure the invocation received by node worker
            coreCtx.log('debug', 'system', `Worker ${WorkerContext_1.worker.id} received FunctionInvocationRequest with invocationId ${msg.invocationId}`);
            const programmingModel = (0, nonNull_1.nonNullProp)(WorkerContext_1.worker.app, 'programmingModel');
            const invocModel = yield programmingModel.getInvocationModel(coreCtx);
            const hookData = {};
            let { context, inputs } = yield invocModel.getArguments();
            const preInvocContext = {
                get hookData() {
                    return hookData;
                },
                set hookData(_obj) {
                    throw new errors_1.ReadOnlyError('hookData');
                },
                get appHookData() {
                    return WorkerContext_1.worker.app.appHookData;
                },
                set appHookData(_obj) {
                    throw new errors_1.ReadOnlyError('appHookData');
                },
                get invocationContext() {
                    return context;
                },
                set invocationContext(_obj) {
                    throw new errors_1.ReadOnlyError('invocationContext');
                },
                functionCallback: callback,
                inputs,
            };
            coreCtx.state = 'preInvocationHooks';
            try {
                yield (0, executeHooks_1.executeHooks)('preInvocation', preInvocContext, msg.invocationId, msgCategory);
            }
            finally {
                coreCtx.state = undefined;
            }
            inputs = preInvocContext.inputs;
            callback = preInvocContext.functionCallback;
            const postInvocContext = {
                get hookData() {
                    return hookData;
                },
                set hookData(_obj) {
                    throw new errors_1.ReadOnlyError('hookData');
                },
                get appHookData() {
                    return WorkerContext_1.worker.app.appHookData;
                },
                set appHookData(_obj) {
                    throw new errors_1.ReadOnlyError('appHookData');
                },
                get invocationContext() {
                    return context;
                },
                set invocationContext(_obj) {
                    throw new errors_1.ReadOnlyError('invocationContext');
                },
                inputs,
                result: null,
                error: null,
            };
            coreCtx.state = 'invocation';
            try {
                postInvocContext.result = yield invocModel.invokeFunction(context, inputs, callback);
            }
            catch (err) {
                postInvocContext.error = err;
            }
            finally {
                coreCtx.state = undefined;
            }
            coreCtx.state = 'postInvocationHooks';
            try {
                yield (0, executeHooks_1.executeHooks)('postInvocation', postInvocContext, msg.invocationId, msgCategory);
            }
            finally {
                coreCtx.state = undefined;
            }
            if ((0, errors_1.isError)(postInvocContext.error)) {
                throw postInvocContext.error;
            }
            return (0, fromCoreInvocationResponse_1.fromCoreInvocationResponse)(yield invocModel.getResponse(context, postInvocContext.result));
        });
    }
}
exports.InvocationHandler = InvocationHandler;
class CoreInvocationContext {
    constructor(request, metadata, msgCategory) {
        _CoreInvocationContext_msgCategory.set(this, void 0);
        this.invocationId = (0, nonNull_1.nonNullProp)(request, 'invocationId');
        this.request = request;
        this.metadata = metadata;
        __classPrivateFieldSet(this, _CoreInvocationContext_msgCategory, msgCategory, "f");
    }
    log(level, logCategory, message) {
        WorkerContext_1.worker.log({
            invocationId: this.request.invocationId,
            category: __classPrivateFieldGet(this, _CoreInvocationContext_msgCategory, "f"),
            message,
            level: (0, fromCoreStatusResult_1.fromCoreLogLevel)(level),
            logCategory: (0, fromCoreStatusResult_1.fromCoreLogCategory)(logCategory),
        });
    }
}
_CoreInvocationContext_msgCategory = new WeakMap();
//# sourceMappingURL=InvocationHandler.js.map