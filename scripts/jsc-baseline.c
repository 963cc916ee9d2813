// The start-up peer of `make bench`: a C program that uses JavaScriptCore and nothing else.
// It creates a context, evaluates `0` and exits: the floor any JavaScriptCore host starts from.
// scripts/bench.sh builds it with `cc jsc-baseline.c $(pkg-config --cflags --libs javascriptcoregtk-4.1)`.
#include <JavaScriptCore/JavaScript.h>
#include <stdio.h>

int main(void) {
    JSGlobalContextRef context = JSGlobalContextCreate(NULL);
    JSStringRef source = JSStringCreateWithUTF8CString("0");
    JSValueRef exception = NULL;
    JSValueRef result = JSEvaluateScript(context, source, NULL, NULL, 1, &exception);
    JSStringRelease(source);
    int ok = result && !exception && JSValueIsNumber(context, result);
    JSGlobalContextRelease(context);
    if (!ok) {
        fprintf(stderr, "jsc-baseline: evaluating 0 failed\n");
        return 1;
    }
    return 0;
}
