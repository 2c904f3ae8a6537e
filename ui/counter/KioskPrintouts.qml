import QtQuick
import QtQuick.Layouts
import "."

// Papers the kiosks printed for this case: when, which kiosk, which language.
Card {
    id: printouts
    required property QtObject caseVm
    title: qsTr("Printouts from the kiosk")

    DeskText {
        visible: printouts.caseVm.printouts.length === 0
        text: qsTr("None.")
        color: CounterStyle.textMuted
    }
    Repeater {
        model: printouts.caseVm.printouts
        delegate: DeskText {
            required property var modelData
            text: modelData.when + " · " + modelData.device + " · " + modelData.language
            Layout.fillWidth: true
        }
    }
}
