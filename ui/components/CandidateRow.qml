import QtQuick
import QtQuick.Layouts
import ".."

// The Chinese candidates above the letter keys (core/pinyin_input.py): the Pinyin being typed
// (tap it to keep the letters as they are), the candidates as large buttons, "more" for the
// next page. Its height is kept while nothing is typed, so the keys never move under a finger.
RowLayout {
    id: row
    // Names of the row and its buttons start with this (each keyboard its own, for tests).
    property string namePrefix: "kb_"
    objectName: namePrefix + "candidates"
    property string composition: ""
    // [{text, index}]: index among all candidates, for the view model.
    property var candidates: []
    property bool more: false
    property int keyHeight: Theme.touchMin
    signal chosen(int index)
    signal nextPage()
    signal keepLetters()

    LayoutMirroring.enabled: false
    LayoutMirroring.childrenInherit: true
    spacing: Math.round(Theme.spacing / 5)
    clip: true

    BigButton {
        objectName: row.namePrefix + "composition"
        visible: row.composition !== ""
        Layout.preferredHeight: row.keyHeight
        Layout.maximumWidth: Math.round(row.width / 5)
        padding: Math.round(Theme.spacing / 3)
        pixelSize: Theme.small
        text: row.composition
        accessibleName: qsTr("Keep the letters as typed") + ": " + row.composition
        onClicked: row.keepLetters()
    }
    Repeater {
        model: row.composition !== "" ? row.candidates : []
        delegate: BigButton {
            required property var modelData
            required property int index
            objectName: row.namePrefix + "candidate_" + index
            Layout.preferredHeight: row.keyHeight
            // Chinese characters are about one em wide; at least a wide fingertip.
            Layout.preferredWidth: Math.max(Math.round(Theme.touchMin * 1.4),
                                            modelData.text.length * pixelSize + 2 * padding)
            padding: Math.round(Theme.spacing / 3)
            primary: index === 0  // what Space takes
            pixelSize: Theme.heading
            text: modelData.text
            onClicked: row.chosen(modelData.index)
        }
    }
    Item { Layout.fillWidth: true; Layout.preferredHeight: row.keyHeight }
    BigButton {
        objectName: row.namePrefix + "more_candidates"
        visible: row.more
        Layout.preferredHeight: row.keyHeight
        Layout.preferredWidth: Theme.keySize
        padding: 2
        pixelSize: Theme.heading
        text: "›"
        accessibleName: qsTr("More characters")
        onClicked: row.nextPage()
    }
}
