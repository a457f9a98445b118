"""A document in a collection only signed-in users may see."""

from django.core.files.base import ContentFile
from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction

MINUTES = b"Board minutes: the budget for 2027 is confidential.\n"


def restricted_document():
    board = Collection.get_first_root_node().add_child(name="Board")
    CollectionViewRestriction.objects.create(
        collection=board, restriction_type=CollectionViewRestriction.LOGIN
    )
    document = get_document_model()(title="Board minutes", collection=board)
    document.file.save("board-minutes.txt", ContentFile(MINUTES))
    return document
