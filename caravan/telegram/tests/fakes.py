"""A local HTTP server that answers like the Telegram Bot API: its response
shapes (ok/result, errors with error_code/description, 429 with
parameters.retry_after) and its rules for edits and deletions, with the
descriptions Telegram really sends. Nothing reaches the internet."""

import json
import time

from werkzeug import Response

TOKEN = "123456:TEST-token"
METHODS = (
    "sendMessage",
    "sendPhoto",
    "editMessageText",
    "editMessageCaption",
    "editMessageMedia",
    "deleteMessage",
)
NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and "
    "reply markup are exactly the same as a current content and reply markup "
    "of the message"
)
DELETE_WINDOW = 48 * 3600  # bots may delete only messages younger than this


def error(code, description, **parameters):
    body = {"ok": False, "error_code": code, "description": description}
    if parameters:
        body["parameters"] = parameters
    return code, body


class BotAPI:
    """Keeps the messages it was sent; answers each call from a script of
    responses first (to inject 429s and 5xx), then by the Bot API's rules."""

    def __init__(self):
        self.calls = []  # (method, params)
        self.script = []  # (status, body) to answer next
        self.messages = {}  # (chat_id, message_id) -> message
        self.next_id = 100

    def __call__(self, request):
        method = request.path.rsplit("/", 1)[-1]
        assert request.path.startswith(f"/bot{TOKEN}/")
        params = json.loads(request.data)
        self.calls.append((method, params))
        if self.script:
            status, body = self.script.pop(0)
        else:
            status, body = getattr(self, method)(params)
        return Response(
            json.dumps(body), status=status, content_type="application/json"
        )

    def _message(self, chat_id, message_id, **content):
        return {
            "message_id": message_id,
            "chat": {"id": -1001, "type": "channel", "title": "Caravan"},
            "date": int(time.time()),
            **content,
        }

    def sendMessage(self, params):
        self.next_id += 1
        message = self._message(params["chat_id"], self.next_id, text=params["text"])
        self.messages[(params["chat_id"], self.next_id)] = message
        return 200, {"ok": True, "result": message}

    def sendPhoto(self, params):
        self.next_id += 1
        message = self._message(
            params["chat_id"],
            self.next_id,
            photo=[{"file_id": "AgAD", "width": 1200, "height": 675}],
            photo_url=params["photo"],  # the fake's own record of what it showed
            caption=params["caption"],
        )
        self.messages[(params["chat_id"], self.next_id)] = message
        return 200, {"ok": True, "result": message}

    def _edit(self, params, field):
        message = self.messages.get((params["chat_id"], params["message_id"]))
        if message is None:
            return error(400, "Bad Request: message to edit not found")
        if field not in message:
            return error(400, "Bad Request: there is no text in the message to edit")
        if message[field] == params[field]:
            return error(400, NOT_MODIFIED)
        message[field] = params[field]
        message["edit_date"] = int(time.time())
        return 200, {"ok": True, "result": message}

    def editMessageText(self, params):
        return self._edit(params, "text")

    def editMessageCaption(self, params):
        return self._edit(params, "caption")

    def editMessageMedia(self, params):
        message = self.messages.get((params["chat_id"], params["message_id"]))
        if message is None:
            return error(400, "Bad Request: message to edit not found")
        if "photo" not in message:
            return error(400, "Bad Request: there is no media in the message to edit")
        media = params["media"]
        if message.get("photo_url") == media["media"] and message.get(
            "caption"
        ) == media.get("caption"):
            return error(400, NOT_MODIFIED)
        message["photo_url"] = media["media"]
        message["caption"] = media.get("caption", "")
        message["edit_date"] = int(time.time())
        return 200, {"ok": True, "result": message}

    def deleteMessage(self, params):
        key = (params["chat_id"], params["message_id"])
        message = self.messages.get(key)
        if message is None:
            return error(400, "Bad Request: message to delete not found")
        if time.time() - message["date"] >= DELETE_WINDOW:
            return error(400, "Bad Request: message can't be deleted for everyone")
        del self.messages[key]
        return 200, {"ok": True, "result": True}
