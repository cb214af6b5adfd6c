"use strict";
// Copyright (c) .NET Foundation. All rights reserved.
// Licensed under the MIT License.
var __classPrivateFieldGet = (this && this.__classPrivateFieldGet) || function (receiver, state, kind, f) {
    if (kind === "a" && !f) throw new TypeError("Private accessor was defined without a getter");
    if (typeof state === "function" ? receiver !== state || !f : !state.has(receiver)) throw new TypeError("Cannot read private member from an object whose class did not declare it");
    return kind === "m" ? f : kind === "a" ? f.call(receiver) : f ? f.value : state.get(receiver);
};
var __classPrivateFieldSet = (this && this.__classPrivateFieldSet) || function (receiver, state, value, kind, f) {
    if (kind === "m") throw new TypeError("Private method is not writable");
    if (kind === "a" && !f) throw new TypeError("Private accessor was defined without a setter");
    if (typeof state === "function" ? receiver !== state || !f : !state.has(receiver)) throw new TypeError("Cannot write private member to an object whose class did not declare it");
    return (kind === "a" ? f.call(receiver, value) : f ? f.value = value : state.set(receiver, value)), value;
};
var _WorkerContext_id, _WorkerContext_eventStream, _WorkerContext_notInitializedMsg;
Object.defineProperty(exports, "__esModule", { value: true });
exports.worker = void 0;
const AppContext_1 = require("./AppContext");
const errors_1 = require("./errors");
class WorkerContext {
    constructor() {
        this.app = new AppContext_1.AppContext();
        _WorkerContext_id.set(this, void 0);
        _WorkerContext_eventStream.set(this, void 0);
        _WorkerContext_notInitializedMsg.set(this, 'WorkerContext has not been initialized yet.');
    }
    get id() {
        if (!__classPrivateFieldGet(this, _WorkerContext_id, "f")) {
            throw new errors_1.AzFuncSystemError(__classPrivateFieldGet(this, _WorkerContext_notInitializedMsg, "f"));
        }
        else {
            return __classPrivateFieldGet(this, _WorkerContext_id, "f");
        }
    }
    set id(value) {
        __classPrivateFieldSet(this, _WorkerContext_id, value, "f");
    }
    get eventStream() {
        if (!__classPrivateFieldGet(this, _WorkerContext_eventStream, "f")) {
            throw new errors_1.AzFuncSystemError(__classPrivateFieldGet(this, _WorkerContext_notInitializedMsg, "f"));
        }
        else {
            return __classPrivateFieldGet(this, _WorkerContext_eventStream, "f");
        }
    }
    set eventStream(value) {
        __classPrivateFieldSet(this, _WorkerContext_eventStream, value, "f");
    }
    get hostVersion() {
        if (!this._hostVersion) {
            throw new errors_1.AzFuncSystemError('Cannot access hostVersion before worker init');
        }
        else {
            return this._hostVersion;
        }
    }
    resetApp() {
        this.app = new AppContext_1.AppContext();
        this.app.programmingModel = this.defaultProgrammingModel;
    }
    /**
     * Captured logs or relevant details can use the logs property
     * @param requestId gRPC message request id
     * @param msg gRPC message content
     */
    log(log) {
        this.eventStream.write({
            rpcLog: log,
        });
    }
}
_WorkerContext_id = new WeakMap(), _WorkerContext_eventStream = new WeakMap(), _WorkerContext_notInitializedMsg = new WeakMap();
exports.worker = new WorkerContext();
//# sourceMappingURL=WorkerContext.js.map