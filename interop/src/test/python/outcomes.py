"""How the interop scripts report a case: its result, or the exception it raised, in JSON for the Java test."""
import json

from nameko.exceptions import RemoteError


def outcome(call):
    """{"result": ...} or {"error": {"class", "args", and for a RemoteError "exc_type" and "value"}}."""
    try:
        return {"result": call()}
    except Exception as e:  # every failure is a result to compare
        error = {"class": type(e).__name__, "args": [str(a) for a in e.args]}
        if isinstance(e, RemoteError):
            error.update(exc_type=e.exc_type, value=e.value)
        return {"error": error}


def report(results):
    """The one line the Java test reads."""
    print("RESULTS " + json.dumps(results), flush=True)
